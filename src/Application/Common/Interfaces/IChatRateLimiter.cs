namespace Homelette.Application.Common.Interfaces;

/// <summary>How many chat messages a user may send: at most 30 per 10 seconds, across every ChatHost instance.</summary>
public interface IChatRateLimiter
{
    /// <summary>Counts one message; false when the user is over the limit (the message must not be stored).</summary>
    Task<bool> TryAcquireMessageAsync(Guid userId, CancellationToken cancellationToken);
}
