namespace Homelette.Application.Common.Exceptions;

/// <summary>The caller did this too often; <see cref="RetryAfter"/> says when to try again.</summary>
public sealed class RateLimitedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
