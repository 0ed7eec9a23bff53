using Homelette.Application.Chat;
using Homelette.Domain.Chat;

namespace Homelette.Application.Common.Interfaces;

/// <summary>
/// Tells connected clients what happened, on every ChatHost instance (through the SignalR Redis backplane), from
/// either host. Called after the change is committed; a failure to notify never undoes it (clients catch up
/// through sync).
/// </summary>
public interface IChatNotifier
{
    /// <summary>Recipients get the message; every connection of the sender gets message_delivered.</summary>
    Task MessageSentAsync(MessageDto message, ConversationKind kind, IReadOnlyCollection<Guid> participants, CancellationToken cancellationToken);

    /// <summary>Every participant gets the message's new state (edited, or deleted).</summary>
    Task MessageChangedAsync(MessageDto message, IReadOnlyCollection<Guid> participants, CancellationToken cancellationToken);

    /// <summary>The other participants learn how far the reader has read.</summary>
    Task MessagesReadAsync(MessagesReadDto receipt, IReadOnlyCollection<Guid> recipients, CancellationToken cancellationToken);

    /// <summary>The listing's owner learns who saved it.</summary>
    Task ListingInterestAsync(Guid ownerId, ListingInterestDto interest, CancellationToken cancellationToken);

    /// <summary>The user's contacts see them come online or go offline (user_online / user_offline).</summary>
    Task PresenceChangedAsync(Guid userId, bool online, IReadOnlyCollection<Guid> contacts, CancellationToken cancellationToken);

    /// <summary>The other participants see the user typing (or stopping).</summary>
    Task TypingAsync(Guid conversationId, Guid userId, bool isTyping, IReadOnlyCollection<Guid> recipients, CancellationToken cancellationToken);
}
