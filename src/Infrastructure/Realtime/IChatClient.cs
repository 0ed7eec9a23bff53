using System.Diagnostics.CodeAnalysis;
using Homelette.Application.Chat;

namespace Homelette.Infrastructure.Realtime;

/// <summary>Events the server sends to clients. The method names are the wire event names (ARCHITECTURE §4).</summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Method names are the wire event names.")]
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Method names are the wire event names.")]
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Method names are the wire event names.")]
public interface IChatClient
{
    /// <summary>Sent to a connection when it opens: which of the user's contacts are online.</summary>
    Task online_users(OnlineUsersEvent payload);

    Task user_online(UserPresenceEvent payload);

    Task user_offline(UserPresenceEvent payload);

    /// <summary>A message in a direct conversation, to the recipient.</summary>
    Task private_message(MessageDto payload);

    /// <summary>A message in a group conversation, to the other participants.</summary>
    Task conversation_message(MessageDto payload);

    /// <summary>To every connection of the sender, once the message is stored.</summary>
    Task message_delivered(MessageDto payload);

    Task message_edited(MessageDto payload);

    Task message_deleted(MessageDto payload);

    Task user_typing(TypingEvent payload);

    Task messages_read(MessagesReadDto payload);

    /// <summary>To a listing's owner: someone saved it.</summary>
    Task listing_interest(ListingInterestDto payload);

    Task error(HubErrorEvent payload);
}

public sealed record OnlineUsersEvent(IReadOnlyList<Guid> Users);

public sealed record UserPresenceEvent(Guid UserId);

public sealed record TypingEvent(Guid ConversationId, Guid UserId, bool IsTyping);

/// <summary>What went wrong with a hub call: a stable <see cref="Code"/> and a message safe to show.</summary>
public sealed record HubErrorEvent(string Message, string? Code = null);
