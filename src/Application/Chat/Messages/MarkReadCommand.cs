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

public sealed class MarkReadCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock, IChatNotifier notifier)
    : ICommandHandler<MarkReadCommand, MessagesReadDto>
{
    public async ValueTask<MessagesReadDto> Handle(MarkReadCommand command, CancellationToken cancellationToken)
    {
        var readerId = currentUser.RequireId();
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == command.MessageId, cancellationToken);
        if (message is null || (command.ConversationId is { } expected && message.ConversationId != expected))
        {
            if (command.ConversationId is { } conversationId)
            {
                // Say nothing about other conversations' messages: first the caller must be in this one.
                await db.LoadForParticipantAsync(conversationId, readerId, cancellationToken);
                throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(command.MessageId), "No such message in this conversation.")]);
            }

            throw new NotFoundException("Message", command.MessageId);
        }

        var conversation = await db.LoadForParticipantAsync(message.ConversationId, readerId, cancellationToken, tracking: true);
        var me = conversation.Participants.Single(p => p.UserId == readerId);
        var now = clock.GetUtcNow();
        if (me.ReadUpTo(message))
        {
            db.ChatChanges.Add(ChatChange.Of(message, ChatChangeKind.ReadMoved, readerId, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (ConflictException)
            {
                throw new ConflictException("The read pointer moved meanwhile; read the conversation again.");
            }

            var receipt = new MessagesReadDto(conversation.Id, readerId, message.Id, Domain.Common.Clock.ToStoredPrecision(now));
            await notifier.MessagesReadAsync(receipt, [.. conversation.ParticipantIds().Where(id => id != readerId)], cancellationToken);
            return receipt;
        }

        return new MessagesReadDto(conversation.Id, readerId, me.LastReadMessageId!.Value, now);
    }
}
