using System.Diagnostics.CodeAnalysis;
using Homelette.Application.Chat;
using Homelette.Application.Chat.Messages;
using Homelette.Application.Chat.Realtime;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Presence.Commands.ConnectUser;
using Homelette.Application.Presence.Commands.DisconnectUser;
using Homelette.Domain.Chat;
using Homelette.Infrastructure.Identity;
using Mediator;
using Microsoft.AspNetCore.SignalR;

namespace Homelette.Infrastructure.Realtime;

/// <summary>
/// The real-time endpoint (mapped at /socket by the ChatHost). Thin: each method checks that the payload does
/// not speak for another user, sends one command, and shapes the result. It lives here, beside the notifier,
/// because the Redis backplane names its channels after the hub type: the WebApi pushes events through
/// <see cref="IHubContext{THub,T}"/> of this same type without hosting it.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Hub method names are the wire names.")]
public sealed class ChatHub(ISender sender) : Hub<IChatClient>
{
    private static string ConversationGroup(Guid id) => $"conversation:{id}";

    public override async Task OnConnectedAsync()
    {
        var result = await sender.Send(new ConnectUserCommand(Context.ConnectionId), Context.ConnectionAborted);
        if (result.Refused)
        {
            await Clients.Caller.error(new HubErrorEvent(
                $"At most {PresenceConstraints.MaxConnectionsPerUser} connections per user; close one first.", "too_many_connections"));
            Context.Abort();
            return;
        }

        foreach (var conversationId in result.ConversationIds)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ConversationGroup(conversationId), Context.ConnectionAborted);
        }

        if (result.AnnounceTo.Count > 0)
        {
            await Clients.Users([.. result.AnnounceTo.Select(id => id.ToString())]).user_online(new UserPresenceEvent(result.UserId));
        }

        // Last, so that a client holding online_users knows its own arrival has been announced.
        await Clients.Caller.online_users(new OnlineUsersEvent(result.OnlineUsers));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var result = await sender.Send(new DisconnectUserCommand(Context.ConnectionId), CancellationToken.None);
        if (result.AnnounceTo.Count > 0)
        {
            await Clients.Users([.. result.AnnounceTo.Select(id => id.ToString())]).user_offline(new UserPresenceEvent(result.UserId));
        }

        await base.OnDisconnectedAsync(exception);
    }

    [HubMethodName("join_conversation")]
    public async Task<ConversationRef> JoinConversation(ConversationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureSelf(request.UserId, "user_id");
        var id = await sender.Send(new JoinConversationCommand(request.ConversationId), Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, ConversationGroup(id), Context.ConnectionAborted);
        return new ConversationRef(id);
    }

    [HubMethodName("leave_conversation")]
    public async Task<ConversationRef> LeaveConversation(ConversationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureSelf(request.UserId, "user_id");
        var id = await sender.Send(new JoinConversationCommand(request.ConversationId), Context.ConnectionAborted);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ConversationGroup(id), Context.ConnectionAborted);
        return new ConversationRef(id);
    }

    [HubMethodName("private_message")]
    public async Task<MessageDto> PrivateMessage(PrivateMessageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureSelf(request.SenderId, "sender_id");
        var sent = await sender.Send(new SendPrivateMessageCommand(request.RecipientId, request.ToInput()), Context.ConnectionAborted);
        return sent.Message;
    }

    [HubMethodName("conversation_message")]
    public async Task<MessageDto> ConversationMessage(ConversationMessageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureSelf(request.SenderId, "sender_id");
        var sent = await sender.Send(new SendMessageCommand(request.ConversationId, request.ToInput()), Context.ConnectionAborted);
        return sent.Message;
    }

    [HubMethodName("typing")]
    public async Task Typing(TypingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureSelf(request.UserId, "user_id");
        await sender.Send(new TypingCommand(request.ConversationId, request.RecipientId, request.IsTyping), Context.ConnectionAborted);
    }

    [HubMethodName("mark_read")]
    public async Task<MessagesReadDto> MarkRead(MarkReadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureSelf(request.UserId, "user_id");
        return await sender.Send(new MarkReadCommand(request.MessageId, request.ConversationId), Context.ConnectionAborted);
    }

    /// <summary>The earlier backend took the actor from the payload; here a payload may only name the caller.</summary>
    private void EnsureSelf(Guid? claimed, string field)
    {
        if (claimed is { } id && id != UserClaims.UserId(Context.User))
        {
            throw new ForbiddenException($"'{field}' must be you; the sender is taken from your token.");
        }
    }
}

public sealed record ConversationRef(Guid ConversationId);

public sealed record ConversationRequest
{
    public Guid ConversationId { get; init; }

    /// <summary>Accepted for the earlier backend's clients; must be the caller.</summary>
    public Guid? UserId { get; init; }
}

/// <summary>What both send methods carry: the message, as REST takes it, and the earlier backend's sender_id.</summary>
public abstract record MessageRequest
{
    public MessageKind Kind { get; init; } = MessageKind.Text;

    public string? Content { get; init; }

    public string? ImageUrl { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public string? LocationLabel { get; init; }

    public string? ClientMessageId { get; init; }

    /// <summary>Accepted for the earlier backend's clients; must be the caller.</summary>
    public Guid? SenderId { get; init; }

    public SendMessageInput ToInput() => new()
    {
        Kind = Kind,
        Content = Content,
        ImageUrl = ImageUrl,
        Latitude = Latitude,
        Longitude = Longitude,
        LocationLabel = LocationLabel,
        ClientMessageId = ClientMessageId,
    };
}

public sealed record PrivateMessageRequest : MessageRequest
{
    public Guid RecipientId { get; init; }
}

public sealed record ConversationMessageRequest : MessageRequest
{
    public Guid ConversationId { get; init; }
}

public sealed record TypingRequest
{
    public Guid? ConversationId { get; init; }

    public Guid? RecipientId { get; init; }

    public bool IsTyping { get; init; }

    /// <summary>Accepted for the earlier backend's clients; must be the caller.</summary>
    public Guid? UserId { get; init; }
}

public sealed record MarkReadRequest
{
    public Guid ConversationId { get; init; }

    public Guid MessageId { get; init; }

    /// <summary>Accepted for the earlier backend's clients; must be the caller.</summary>
    public Guid? UserId { get; init; }
}
