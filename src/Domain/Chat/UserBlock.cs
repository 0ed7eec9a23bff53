using Homelette.Domain.Common;

namespace Homelette.Domain.Chat;

/// <summary>The blocker no longer hears from the blocked user in direct conversations, and hides their presence from them.</summary>
public sealed class UserBlock
{
    private UserBlock(Guid blockerId, Guid blockedId, DateTimeOffset createdAt)
    {
        BlockerId = blockerId;
        BlockedId = blockedId;
        CreatedAt = createdAt;
    }

    public Guid BlockerId { get; private set; }

    public Guid BlockedId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static UserBlock Of(Guid blockerId, Guid blockedId, DateTimeOffset now) =>
        blockerId == blockedId
            ? throw new DomainRuleException("user_id", "You cannot block yourself.")
            : new UserBlock(blockerId, blockedId, Clock.ToStoredPrecision(now));
}
