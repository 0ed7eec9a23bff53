using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Domain.Chat;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Messages;

/// <summary>
/// Moves the caller's read pointer up to the message (never back). When <see cref="ConversationId"/> is given the
/// message must be in that conversation. The other participants get messages_read when the pointer moved.
/// </summary>
public sealed record MarkReadCommand(Guid MessageId, Guid? ConversationId = null) : ICommand<MessagesReadDto>;

public sealed class MarkReadCommandValidator : AbstractValidator<MarkReadCommand>
{
    public MarkReadCommandValidator() => RuleFor(c => c.MessageId).NotEqual(Guid.Empty);
}

public sealed class MarkReadCommandHandler(ReadPointers readPointers) : ICommandHandler<MarkReadCommand, MessagesReadDto>
{
    public async ValueTask<MessagesReadDto> Handle(MarkReadCommand command, CancellationToken cancellationToken) =>
        await readPointers.MarkReadAsync(command.MessageId, command.ConversationId, nameof(command.MessageId), cancellationToken);
}

/// <summary>The body of <c>POST /api/chat/conversations/{id}/read</c>.</summary>
public sealed record MarkConversationReadInput
{
    public Guid UpToMessageId { get; init; }
}

/// <summary>Moves the caller's read pointer in a conversation up to one of its messages (the REST form of mark_read).</summary>
public sealed record MarkConversationReadCommand(Guid ConversationId, MarkConversationReadInput Body) : ICommand<MessagesReadDto>;

public sealed class MarkConversationReadCommandValidator : AbstractValidator<MarkConversationReadCommand>
{
    public MarkConversationReadCommandValidator()
    {
        RuleFor(c => c.Body).NotNull();
        RuleFor(c => c.Body.UpToMessageId).NotEqual(Guid.Empty).When(c => c.Body is not null);
    }
}

public sealed class MarkConversationReadCommandHandler(ReadPointers readPointers) : ICommandHandler<MarkConversationReadCommand, MessagesReadDto>
{
    public async ValueTask<MessagesReadDto> Handle(MarkConversationReadCommand command, CancellationToken cancellationToken) =>
        await readPointers.MarkReadAsync(
            command.Body.UpToMessageId, command.ConversationId, $"{nameof(command.Body)}.{nameof(command.Body.UpToMessageId)}", cancellationToken);
}

/// <summary>The one way a read pointer moves, for the hub and both REST routes.</summary>
public sealed class ReadPointers(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock, IChatNotifier notifier)
{
    /// <param name="messageField">How the caller named the message, for a validation error.</param>
    public async Task<MessagesReadDto> MarkReadAsync(Guid messageId, Guid? conversationId, string messageField, CancellationToken cancellationToken)
    {
        var readerId = currentUser.RequireId();
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (message is null || (conversationId is { } expected && message.ConversationId != expected))
        {
            if (conversationId is { } inConversation)
            {
                // Say nothing about other conversations' messages: first the caller must be in this one.
                await db.LoadForParticipantAsync(inConversation, readerId, cancellationToken);
                throw new ValidationException([new FluentValidation.Results.ValidationFailure(messageField, "No such message in this conversation.")]);
            }

            throw new NotFoundException("Message", messageId);
        }

        var conversation = await db.LoadForParticipantAsync(message.ConversationId, readerId, cancellationToken);
        var me = conversation.Participants.Single(p => p.UserId == readerId);
        var now = clock.GetUtcNow();
        if (me.ReadUpTo(message) && await MoveForwardAsync(message, readerId, cancellationToken))
        {
            db.ChatChanges.Add(ChatChange.Of(message, ChatChangeKind.ReadMoved, readerId, now));
            await db.SaveChangesAsync(cancellationToken);

            var receipt = new MessagesReadDto(conversation.Id, readerId, message.Id, Domain.Common.Clock.ToStoredPrecision(now));
            await notifier.MessagesReadAsync(receipt, [.. conversation.ParticipantIds().Where(id => id != readerId)], cancellationToken);
            return receipt;
        }

        // Already read up to this message or further (perhaps by a concurrent request): the pointer stays.
        var current = await db.ConversationParticipants.AsNoTracking()
            .Where(p => p.ConversationId == conversation.Id && p.UserId == readerId)
            .Select(p => p.LastReadMessageId)
            .FirstAsync(cancellationToken);
        return new MessagesReadDto(conversation.Id, readerId, current ?? message.Id, now);
    }

    /// <summary>
    /// Moves the stored pointer to the message only if that is forward, in one conditional update, so that
    /// concurrent reads of older messages never move it back. True when it moved.
    /// </summary>
    private async Task<bool> MoveForwardAsync(Message message, Guid readerId, CancellationToken cancellationToken)
    {
        var (id, at) = (message.Id, message.CreatedAt);
        var moved = await db.ConversationParticipants
            .Where(p => p.ConversationId == message.ConversationId && p.UserId == readerId
                && (p.LastReadMessageAt == null || p.LastReadMessageAt < at || (p.LastReadMessageAt == at && p.LastReadMessageId < id)))
            .ExecuteUpdateAsync(
                set => set.SetProperty(p => p.LastReadMessageId, id).SetProperty(p => p.LastReadMessageAt, at),
                cancellationToken);
        return moved == 1;
    }
}
