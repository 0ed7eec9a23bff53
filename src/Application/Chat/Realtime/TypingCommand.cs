using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;

namespace Homelette.Application.Chat.Realtime;

/// <summary>
/// The caller is typing (or stopped) in a conversation, or in the direct conversation with a user. Only the other
/// participants hear it, and only when the conversation exists: nothing reaches someone the caller never wrote to.
/// </summary>
public sealed record TypingCommand(Guid? ConversationId, Guid? RecipientId, bool IsTyping) : ICommand<bool>;

public sealed class TypingCommandValidator : AbstractValidator<TypingCommand>
{
    public TypingCommandValidator() =>
        RuleFor(c => c.ConversationId).NotNull().When(c => c.RecipientId is null)
            .WithMessage("Give 'conversation_id' or 'recipient_id'.");
}

public sealed class TypingCommandHandler(IAppDbContext db, ICurrentUser currentUser, IChatNotifier notifier, ITypingThrottle throttle)
    : ICommandHandler<TypingCommand, bool>
{
    public async ValueTask<bool> Handle(TypingCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var conversationId = command.ConversationId;
        if (conversationId is null)
        {
            conversationId = await db.FindDirectAsync(callerId, command.RecipientId!.Value, listingId: null, cancellationToken)
                ?? throw new Common.Exceptions.ForbiddenException("You have no conversation with this user.");
        }

        var conversation = await db.LoadForParticipantAsync(conversationId.Value, callerId, cancellationToken);

        // At most one event per second per user and conversation (a "stopped typing" always goes through).
        if (command.IsTyping && !await throttle.TryAcquireAsync(callerId, conversation.Id, cancellationToken))
        {
            return false;
        }

        await notifier.TypingAsync(conversation.Id, callerId, command.IsTyping, [.. conversation.ParticipantIds().Where(id => id != callerId)], cancellationToken);
        return true;
    }
}
