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
        var conversation = await db.LoadForParticipantAsync(command.ConversationId, senderId, cancellationToken);
        return await sending.SendAsync(conversation, senderId, command.Body, cancellationToken);
    }
}

/// <summary>The one way a message is stored and delivered, for REST and hub, into a new or existing conversation.</summary>
public sealed class MessageSending(IAppDbContext db, TimeProvider clock, IFileStore fileStore, IChatNotifier notifier, IChatRateLimiter rateLimiter)
{
    public async Task<SentMessage> SendAsync(Conversation conversation, Guid senderId, SendMessageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(input);
        var clientMessageId = string.IsNullOrWhiteSpace(input.ClientMessageId) ? null : input.ClientMessageId.Trim();
        if (clientMessageId is not null && await FindRetryAsync(db, conversation.Id, senderId, clientMessageId, cancellationToken) is { } stored)
        {
            return new SentMessage(stored, Created: false);
        }

        // A retry of a stored message is free; a new one counts against the sender's rate.
        if (!await rateLimiter.TryAcquireMessageAsync(senderId, cancellationToken))
        {
            // Parallel retries of one message each took a slot before any was stored: a retry is never refused.
            if (clientMessageId is not null && await FindRetryAsync(db, conversation.Id, senderId, clientMessageId, cancellationToken) is { } retried)
            {
                return new SentMessage(retried, Created: false);
            }

            throw new RateLimitedException(
                $"At most {ChatConstraints.MessagesPerWindow} messages per {ChatConstraints.MessageWindow.TotalSeconds:0} seconds; wait a moment.",
                ChatConstraints.MessageWindow);
        }

        await db.EnsureNotBlockedAsync(conversation, senderId, cancellationToken);
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
        db.Messages.Add(message);
        db.ChatChanges.Add(ChatChange.Of(message, ChatChangeKind.MessageCreated, senderId, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException) when (clientMessageId is not null)
        {
            // A parallel retry with the same client id was stored first: that one is the message.
            db.Messages.Entry(message).State = EntityState.Detached;
            return new SentMessage(
                await FindRetryAsync(db, conversation.Id, senderId, clientMessageId, cancellationToken)
                    ?? throw new ConflictException("The message could not be stored; send it again."),
                Created: false);
        }

        // Only ever forward: a slower concurrent sender never moves the conversation's activity back.
        var at = message.CreatedAt;
        await db.Conversations.Where(c => c.Id == conversation.Id && c.LastActivityAt < at)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.LastActivityAt, at), cancellationToken);

        var dto = message.ToDto();
        await notifier.MessageSentAsync(dto, conversation.Kind, conversation.ParticipantIds(), cancellationToken);
        return new SentMessage(dto, Created: true);
    }

    private static async Task<MessageDto?> FindRetryAsync(
        IAppDbContext db, Guid conversationId, Guid senderId, string clientMessageId, CancellationToken cancellationToken)
    {
        var stored = await db.Messages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.SenderId == senderId && m.ClientMessageId == clientMessageId, cancellationToken);
        return stored is null ? null
            : stored.ConversationId == conversationId ? stored.ToDto()
            : throw new ConflictException("This client_message_id was already used for a message in another conversation.");
    }

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
