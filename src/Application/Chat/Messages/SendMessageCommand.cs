using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Application.Common.Storage;
using Homelette.Domain.Chat;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Messages;

/// <summary>What a client sends: text (content), an uploaded image (image_url, optional content as caption), or a location.</summary>
public sealed record SendMessageInput
{
    public MessageKind Kind { get; init; } = MessageKind.Text;

    public string? Content { get; init; }

    public string? ImageUrl { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public string? LocationLabel { get; init; }

    /// <summary>The client's own id for the message: a retry with the same id returns the stored message.</summary>
    public string? ClientMessageId { get; init; }
}

public sealed class SendMessageInputValidator : AbstractValidator<SendMessageInput>
{
    public SendMessageInputValidator()
    {
        RuleFor(m => m.Kind).IsInEnum();
        RuleFor(m => m.Content).NotEmpty().When(m => m.Kind == MessageKind.Text)
            .WithMessage("A text message needs content.");
        RuleFor(m => m.Content).MaximumLength(ChatConstraints.TextMaxLength);
        RuleFor(m => m.ImageUrl).NotEmpty().When(m => m.Kind == MessageKind.Image)
            .WithMessage("An image message needs the URL of an uploaded image.");
        RuleFor(m => m.ImageUrl).Null().When(m => m.Kind != MessageKind.Image)
            .WithMessage("Only an image message has an image_url.");
        RuleFor(m => m.ImageUrl).MaximumLength(ChatConstraints.ImageUrlMaxLength);
        RuleFor(m => m.Latitude).NotNull().InclusiveBetween(-90, 90).When(m => m.Kind == MessageKind.Location);
        RuleFor(m => m.Longitude).NotNull().InclusiveBetween(-180, 180).When(m => m.Kind == MessageKind.Location);
        RuleFor(m => m.Latitude).Null().When(m => m.Kind != MessageKind.Location).WithMessage("Only a location message has coordinates.");
        RuleFor(m => m.Longitude).Null().When(m => m.Kind != MessageKind.Location).WithMessage("Only a location message has coordinates.");
        RuleFor(m => m.Content).Null().When(m => m.Kind == MessageKind.Location).WithMessage("A location message has a location_label, not content.");
        RuleFor(m => m.LocationLabel).MaximumLength(ChatConstraints.LocationLabelMaxLength);
        RuleFor(m => m.LocationLabel).Null().When(m => m.Kind != MessageKind.Location).WithMessage("Only a location message has a location_label.");
        RuleFor(m => m.ClientMessageId).MaximumLength(ChatConstraints.ClientMessageIdMaxLength);
    }
}

/// <summary>Sends a message into a conversation of the caller's. Stored first, then delivered.</summary>
public sealed record SendMessageCommand(Guid ConversationId, SendMessageInput Body) : ICommand<SentMessage>;

public sealed class SendMessageCommandValidator : AbstractValidator<SendMessageCommand>
{
    public SendMessageCommandValidator() => RuleFor(c => c.Body).NotNull().SetValidator(new SendMessageInputValidator());
}

public sealed class SendMessageCommandHandler(IAppDbContext db, ICurrentUser currentUser, MessageSending sending)
    : ICommandHandler<SendMessageCommand, SentMessage>
{
    public async ValueTask<SentMessage> Handle(SendMessageCommand command, CancellationToken cancellationToken)
    {
        var senderId = currentUser.RequireId();
        var id = command.ConversationId;
        return await sending.AnsweringRetriesAsync(
            senderId,
            command.Body.ClientMessageId,
            _ => Task.FromResult<Guid?>(id),
            async ct =>
            {
                var conversation = await db.LoadForSenderAsync(c => c.Id == id, senderId, ct)
                    ?? throw new NotFoundException("Conversation", id);
                return await sending.SendAsync(conversation, senderId, command.Body, ct);
            },
            cancellationToken);
    }
}

/// <summary>
/// The one way a message is stored and delivered, for REST and hub, into a conversation loaded for the sender
/// (<see cref="ChatAccess.LoadForSenderAsync"/>: participant, not blocked). The message and its change-log entry go
/// in one transaction; a client_message_id already used returns the stored message.
/// </summary>
public sealed class MessageSending(IAppDbContext db, TimeProvider clock, IFileStore fileStore, IChatNotifier notifier, IChatRateLimiter rateLimiter)
{
    public async Task<SentMessage> SendAsync(Conversation conversation, Guid senderId, SendMessageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(input);
        var clientMessageId = ClientId(input.ClientMessageId);
        if (!await rateLimiter.TryAcquireMessageAsync(senderId, clientMessageId, cancellationToken))
        {
            throw new RateLimitedException(
                $"At most {ChatConstraints.MessagesPerWindow} messages per {ChatConstraints.MessageWindow.TotalSeconds:0} seconds; wait a moment.",
                ChatConstraints.MessageWindow);
        }

        if (input.Kind == MessageKind.Image)
        {
            await EnsureOwnUploadAsync(db, fileStore, input.ImageUrl!, senderId, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var message = input.Kind switch
        {
            MessageKind.Image => Message.Image(conversation, senderId, input.ImageUrl!, input.Content, clientMessageId, now),
            MessageKind.Location => Message.Location(conversation, senderId, input.Latitude!.Value, input.Longitude!.Value, input.LocationLabel, clientMessageId, now),
            _ => Message.Text(conversation, senderId, input.Content!, clientMessageId, now),
        };
        var change = ChatChange.Of(message, ChatChangeKind.MessageCreated, senderId, now);
        db.Messages.Add(message);
        db.ChatChanges.Add(change);
        try
        {
            // A retry is found by the unique (sender, client_message_id) index rather than looked up before every send.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException) when (clientMessageId is not null)
        {
            // This id was used before (a retry, or a parallel retry stored first): that message is the answer.
            db.Messages.Entry(message).State = EntityState.Detached;
            db.ChatChanges.Entry(change).State = EntityState.Detached;
            var stored = await StoredAsync(senderId, clientMessageId, cancellationToken)
                ?? throw new ConflictException("The message could not be stored; send it again.");
            return stored.ConversationId == conversation.Id
                ? new SentMessage(stored.ToDto(), Created: false)
                : throw new ConflictException("This client_message_id was already used for a message in another conversation.");
        }

        // After the commit, and only ever forward: a slower concurrent sender never moves the activity back, and no
        // send holds the conversation's row (which each message's foreign key reads) while inserting, which would
        // deadlock two senders of one conversation.
        var at = message.CreatedAt;
        await db.Conversations.Where(c => c.Id == conversation.Id && c.LastActivityAt < at)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.LastActivityAt, at), cancellationToken);

        var dto = message.ToDto();
        await notifier.MessageSentAsync(dto, conversation.Kind, conversation.ParticipantIds(), cancellationToken);
        return new SentMessage(dto, Created: true);
    }

    /// <summary>
    /// Runs a send (finding its conversation included). When it is refused before anything is stored (forbidden,
    /// e.g. blocked since; over the rate limit; an upload no longer there) and it retries a message the sender stored
    /// earlier in that conversation under the same client_message_id, that message is the answer, not the refusal.
    /// </summary>
    public async Task<SentMessage> AnsweringRetriesAsync(
        Guid senderId,
        string? clientMessageId,
        Func<CancellationToken, Task<Guid?>> conversationId,
        Func<CancellationToken, Task<SentMessage>> send,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(send);

        // One connection for the whole send: finding the conversation, storing, moving its activity.
        await using var connection = await db.HoldConnectionAsync(cancellationToken);
        try
        {
            return await send(cancellationToken);
        }
        catch (Exception ex) when ((ex is ForbiddenException or RateLimitedException or ValidationException) && ClientId(clientMessageId) is not null)
        {
            var stored = await StoredAsync(senderId, ClientId(clientMessageId)!, cancellationToken);
            if (stored is null || stored.ConversationId != await conversationId(cancellationToken))
            {
                throw;
            }

            return new SentMessage(stored.ToDto(), Created: false);
        }
    }

    private static string? ClientId(string? clientMessageId) => string.IsNullOrWhiteSpace(clientMessageId) ? null : clientMessageId.Trim();

    /// <summary>The sender's message stored under that client_message_id (unique per sender), if any.</summary>
    private Task<Message?> StoredAsync(Guid senderId, string clientMessageId, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.SenderId == senderId && m.ClientMessageId == clientMessageId, cancellationToken);

    private static async Task EnsureOwnUploadAsync(IAppDbContext db, IFileStore fileStore, string url, Guid senderId, CancellationToken cancellationToken)
    {
        var key = fileStore.KeyFromUrl(url);
        if (key is null || !await db.ListingImages.AnyAsync(i => i.StorageKey == key && i.OwnerId == senderId, cancellationToken))
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(
                $"{nameof(SendMessageCommand.Body)}.{nameof(SendMessageInput.ImageUrl)}",
                "Use the URL of an image you uploaded (POST /api/listings/upload-image).")]);
        }
    }
}
