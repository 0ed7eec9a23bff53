using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;

namespace Homelette.Application.Chat.Realtime;

/// <summary>Checks that the caller may join a conversation's group on the hub (participants only; 403/404 otherwise).</summary>
public sealed record JoinConversationCommand(Guid ConversationId) : ICommand<Guid>;

public sealed class JoinConversationCommandHandler(IAppDbContext db, ICurrentUser currentUser) : ICommandHandler<JoinConversationCommand, Guid>
{
    public async ValueTask<Guid> Handle(JoinConversationCommand command, CancellationToken cancellationToken)
    {
        var conversation = await db.LoadForParticipantAsync(command.ConversationId, currentUser.RequireId(), cancellationToken);
        return conversation.Id;
    }
}
