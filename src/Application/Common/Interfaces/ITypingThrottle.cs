namespace Homelette.Application.Common.Interfaces;

/// <summary>Limits typing events to one per second per user and conversation, across every ChatHost instance.</summary>
public interface ITypingThrottle
{
    Task<bool> TryAcquireAsync(Guid userId, Guid conversationId, CancellationToken cancellationToken);
}
