using Homelette.Application.Chat;
using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Chat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Homelette.Infrastructure.Realtime;

/// <summary>
/// Delivers chat events to users' connections through the hub's lifetime manager: with the Redis backplane that
/// reaches every ChatHost instance, from the WebApi too. Events go to users, not to groups, so a conversation
/// started after a connection opened still reaches it. A failure to deliver is logged, never thrown: the change
/// is committed and clients catch up through sync.
/// </summary>
internal sealed partial class SignalRChatNotifier(IHubContext<ChatHub, IChatClient> hub, ILogger<SignalRChatNotifier> logger) : IChatNotifier
{
    public Task MessageSentAsync(MessageDto message, ConversationKind kind, IReadOnlyCollection<Guid> participants, CancellationToken cancellationToken) =>
        SafelyAsync("message", async () =>
        {
            ArgumentNullException.ThrowIfNull(message);
            var recipients = Users(participants.Where(id => id != message.SenderId));
            await (kind == ConversationKind.Direct
                ? hub.Clients.Users(recipients).private_message(message)
                : hub.Clients.Users(recipients).conversation_message(message));
            await hub.Clients.User(message.SenderId.ToString()).message_delivered(message);
        });

    public Task MessageChangedAsync(MessageDto message, IReadOnlyCollection<Guid> participants, CancellationToken cancellationToken) =>
        SafelyAsync("message change", () =>
        {
            ArgumentNullException.ThrowIfNull(message);
            var clients = hub.Clients.Users(Users(participants));
            return message.DeletedAt is null ? clients.message_edited(message) : clients.message_deleted(message);
        });

    public Task MessagesReadAsync(MessagesReadDto receipt, IReadOnlyCollection<Guid> recipients, CancellationToken cancellationToken) =>
        SafelyAsync("read receipt", () => hub.Clients.Users(Users(recipients)).messages_read(receipt));

    public Task ListingInterestAsync(Guid ownerId, ListingInterestDto interest, CancellationToken cancellationToken) =>
        SafelyAsync("listing interest", () => hub.Clients.User(ownerId.ToString()).listing_interest(interest));

    public Task PresenceChangedAsync(Guid userId, bool online, IReadOnlyCollection<Guid> contacts, CancellationToken cancellationToken) =>
        SafelyAsync("presence change", () =>
        {
            var clients = hub.Clients.Users(Users(contacts));
            return online ? clients.user_online(new UserPresenceEvent(userId)) : clients.user_offline(new UserPresenceEvent(userId));
        });

    public Task TypingAsync(Guid conversationId, Guid userId, bool isTyping, IReadOnlyCollection<Guid> recipients, CancellationToken cancellationToken) =>
        SafelyAsync("typing", () => hub.Clients.Users(Users(recipients)).user_typing(new TypingEvent(conversationId, userId, isTyping)));

    private static List<string> Users(IEnumerable<Guid> ids) => [.. ids.Select(id => id.ToString())];

    private async Task SafelyAsync(string what, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeliveryFailed(logger, ex, what);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Real-time delivery of a {What} failed; clients will catch up through sync")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string what);
}
