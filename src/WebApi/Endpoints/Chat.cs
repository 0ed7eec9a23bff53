using Homelette.Application.Chat;
using Homelette.Application.Chat.Conversations;
using Homelette.Application.Chat.Messages;
using Homelette.Application.Chat.Sync;
using Homelette.Application.Common.Paging;
using Homelette.WebApi.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Homelette.WebApi.Endpoints;

/// <summary>Conversations and messages over REST; the same commands the hub sends, delivered to sockets in real time.</summary>
public sealed class Chat : EndpointGroupBase
{
    public override string RoutePrefix => "chat";

    public override void Map(RouteGroupBuilder group)
    {
        group.MapGet(ListConversations, "conversations");
        group.MapPost(CreateConversation, "conversations").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet(GetConversation, "conversations/{id:guid}").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet(ListMessages, "conversations/{id:guid}/messages").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost(SendMessage, "conversations/{id:guid}/messages")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost(MarkConversationRead, "conversations/{id:guid}/read").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet(GetDirectMessages, "messages/direct");
        group.MapPut(MarkMessageRead, "messages/{id:guid}/read").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch(EditMessage, "messages/{id:guid}")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete(DeleteMessage, "messages/{id:guid}").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet(Sync, "sync");
        group.MapGet(SearchMessages, "search").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Your conversations, most recently active first, each with its last message and your unread count.</summary>
    public static async Task<Ok<Page<ConversationDto>>> ListConversations(
        ISender sender, [FromQuery(Name = "limit")] int? limit, [FromQuery(Name = "cursor")] string? cursor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListConversationsQuery(limit, cursor), cancellationToken));

    /// <summary>
    /// Starts a conversation with you in it: one other participant and no title is your direct conversation with
    /// them (200 with the existing one, 201 when new); with a title, a group of 2–50.
    /// </summary>
    public static async Task<Results<Created<ConversationDto>, Ok<ConversationDto>>> CreateConversation(
        ISender sender, CreateConversationCommand body, CancellationToken cancellationToken)
    {
        var result = await sender.Send(body, cancellationToken);
        return result.Created
            ? TypedResults.Created($"/api/chat/conversations/{result.Conversation.Id}", result.Conversation)
            : TypedResults.Ok(result.Conversation);
    }

    /// <summary>One of your conversations; 403 when you are not in it.</summary>
    public static async Task<Ok<ConversationDto>> GetConversation(ISender sender, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetConversationQuery(id), cancellationToken));

    /// <summary>
    /// Messages, newest first (older than `before`), or oldest first after `after` (catching up). `next_cursor` is
    /// the id to pass again as the same parameter.
    /// </summary>
    public static async Task<Ok<Page<MessageDto>>> ListMessages(
        ISender sender,
        Guid id,
        [FromQuery(Name = "before")] Guid? before,
        [FromQuery(Name = "after")] Guid? after,
        [FromQuery(Name = "limit")] int? limit,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListMessagesQuery(id, before, after, limit), cancellationToken));

    /// <summary>
    /// Sends a message without a socket: 201, or 200 with the stored message when its `client_message_id` was used
    /// before. The participants' sockets receive it in real time.
    /// </summary>
    public static async Task<Results<Created<MessageDto>, Ok<MessageDto>>> SendMessage(
        ISender sender, Guid id, SendMessageInput body, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new SendMessageCommand(id, body), cancellationToken);
        return result.Created
            ? TypedResults.Created($"/api/chat/conversations/{id}/messages/{result.Message.Id}", result.Message)
            : TypedResults.Ok(result.Message);
    }

    /// <summary>Moves your read pointer up to a message of the conversation.</summary>
    public static async Task<Ok<MessagesReadDto>> MarkConversationRead(
        ISender sender, Guid id, MarkConversationReadInput body, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new MarkConversationReadCommand(id, body), cancellationToken));

    /// <summary>Your messages with one user (your direct conversation that is not about a listing), newest first.</summary>
    public static async Task<Ok<Page<MessageDto>>> GetDirectMessages(
        ISender sender,
        [FromQuery(Name = "user_id")] Guid userId,
        [FromQuery(Name = "before")] Guid? before,
        [FromQuery(Name = "limit")] int? limit,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new DirectMessagesQuery(userId, before, limit), cancellationToken));

    /// <summary>Marks a message read: your read pointer moves up to it (never back).</summary>
    public static async Task<Ok<MessagesReadDto>> MarkMessageRead(ISender sender, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new MarkReadCommand(id), cancellationToken));

    /// <summary>Changes the text of your message, within 15 minutes of sending it.</summary>
    public static async Task<Ok<MessageDto>> EditMessage(ISender sender, Guid id, EditMessageInput body, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new EditMessageCommand(id, body), cancellationToken));

    /// <summary>Deletes your message, leaving a "deleted" placeholder in its place.</summary>
    public static async Task<Ok<MessageDto>> DeleteMessage(ISender sender, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new DeleteMessageCommand(id), cancellationToken));

    /// <summary>
    /// Everything you missed in your conversations since `since` (a cursor from the last sync; none: from the
    /// start), oldest first. Call again with `next_cursor` while `has_more`.
    /// </summary>
    public static async Task<Ok<SyncPage>> Sync(
        ISender sender, [FromQuery(Name = "since")] string? since, [FromQuery(Name = "limit")] int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new SyncQuery(since, limit), cancellationToken));

    /// <summary>
    /// Searches your own messages, newest first: every word of `q` must appear (case-insensitive; % and _ are
    /// literal). `conversation_id` keeps to one of your conversations (403 when you are not in it), `with_user_id`
    /// to your direct conversations with that user. Deleted messages never match.
    /// </summary>
    public static async Task<Ok<Page<MessageDto>>> SearchMessages(
        ISender sender,
        [FromQuery(Name = "q")] string? q,
        [FromQuery(Name = "conversation_id")] Guid? conversationId,
        [FromQuery(Name = "with_user_id")] Guid? withUserId,
        [FromQuery(Name = "limit")] int? limit,
        [FromQuery(Name = "cursor")] string? cursor,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new SearchMessagesQuery(q, conversationId, withUserId, limit, cursor), cancellationToken));
}
