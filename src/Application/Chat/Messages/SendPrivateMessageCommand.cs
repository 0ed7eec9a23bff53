using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Domain.Chat;
using Mediator;

namespace Homelette.Application.Chat.Messages;

/// <summary>
/// A message to one user (the earlier backend's private_message): it goes to the pair's direct conversation that
/// is not about a listing, started when there is none.
/// </summary>
public sealed record SendPrivateMessageCommand(Guid RecipientId, SendMessageInput Body) : ICommand<SentMessage>;

public sealed class SendPrivateMessageCommandValidator : AbstractValidator<SendPrivateMessageCommand>
{
    public SendPrivateMessageCommandValidator()
    {
        RuleFor(c => c.RecipientId).NotEqual(Guid.Empty);
        RuleFor(c => c.Body).NotNull().SetValidator(new SendMessageInputValidator());
    }
}

public sealed class SendPrivateMessageCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock, MessageSending sending)
    : ICommandHandler<SendPrivateMessageCommand, SentMessage>
{
    public async ValueTask<SentMessage> Handle(SendPrivateMessageCommand command, CancellationToken cancellationToken)
    {
        var senderId = currentUser.RequireId();
        if (command.RecipientId == senderId)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(command.RecipientId), "You cannot message yourself.")]);
        }

        // The pair's conversation exists after their first message: one query finds it, with the block check.
        var key = Conversation.KeyOfPair(senderId, command.RecipientId, listingId: null);
        return await sending.AnsweringRetriesAsync(
            senderId,
            command.Body.ClientMessageId,
            ct => db.FindDirectAsync(senderId, command.RecipientId, listingId: null, ct),
            async ct =>
            {
                var conversation = await db.LoadForSenderAsync(c => c.DirectKey == key, senderId, ct);
                if (conversation is null)
                {
                    var (id, _) = await db.FindOrStartAsync(senderId, command.RecipientId, listingId: null, clock.GetUtcNow(), ct);
                    conversation = await db.LoadForSenderAsync(c => c.Id == id, senderId, ct)
                        ?? throw new NotFoundException("Conversation", id);
                }

                return await sending.SendAsync(conversation, senderId, command.Body, ct);
            },
            cancellationToken);
    }
}
