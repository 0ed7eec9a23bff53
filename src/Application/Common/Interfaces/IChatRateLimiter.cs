namespace Homelette.Application.Common.Interfaces;

/// <summary>How many chat messages a user may send: at most 30 per 10 seconds, across every ChatHost instance.</summary>
public interface IChatRateLimiter
{
    /// <summary>
    /// Counts one message; false when the user is over the limit (the message must not be stored). Sends that carry
    /// the same <paramref name="clientMessageId"/> are one message: only the first of them within the window is
    /// counted, so retries of a message (even many at once, before the first is stored) are never refused as one
    /// too many.
    /// </summary>
    Task<bool> TryAcquireMessageAsync(Guid userId, string? clientMessageId, CancellationToken cancellationToken);
}
