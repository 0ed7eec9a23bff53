using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Domain.Chat;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Messages;

public sealed record EditMessageInput
{
    public string? Content { get; init; }
}

/// <summary>Changes a message's text; its sender only, within 15 minutes. Participants get the new state.</summary>
public sealed record EditMessageCommand(Guid Id, EditMessageInput Body) : ICommand<MessageDto>;

public sealed class EditMessageCommandValidator : AbstractValidator<EditMessageCommand>
{
    public EditMessageCommandValidator()
    {
        RuleFor(c => c.Body).NotNull();
        RuleFor(c => c.Body.Content).NotEmpty().MaximumLength(ChatConstraints.TextMaxLength).When(c => c.Body is not null);
    }
}

/// <summary>Deletes a message, leaving a placeholder; its sender only. Participants get the deleted state.</summary>
public sealed record DeleteMessageCommand(Guid Id) : ICommand<MessageDto>;

public sealed class EditMessageCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock, IChatNotifier notifier)
    : ICommandHandler<EditMessageCommand, MessageDto>, ICommandHandler<DeleteMessageCommand, MessageDto>
{
    public ValueTask<MessageDto> Handle(EditMessageCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, ChatChangeKind.MessageEdited, (message, userId, now) =>
        {
            message.Edit(userId, command.Body.Content!, now);
            return true;
        }, cancellationToken);

    public ValueTask<MessageDto> Handle(DeleteMessageCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(command.Id, ChatChangeKind.MessageDeleted, (message, userId, now) => message.Delete(userId, now), cancellationToken);

    private async ValueTask<MessageDto> ChangeAsync(
        Guid messageId, ChatChangeKind kind, Func<Message, Guid, DateTimeOffset, bool> change, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken)
            ?? throw new NotFoundException("Message", messageId);

        // Someone outside the conversation learns nothing more than that the id is not theirs.
        var conversation = await db.LoadForParticipantAsync(message.ConversationId, userId, cancellationToken);
        var now = clock.GetUtcNow();
        if (change(message, userId, now))
        {
            db.ChatChanges.Add(ChatChange.Of(message, kind, userId, now));
            await db.SaveChangesAsync(cancellationToken);
            var changed = message.ToDto();
            await notifier.MessageChangedAsync(changed, conversation.ParticipantIds(), cancellationToken);
            return changed;
        }

        return message.ToDto();
    }
}
