using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;

namespace Homelette.Application.Chat.Conversations;

/// <summary>One conversation of the caller's; 403 for anyone else.</summary>
public sealed record GetConversationQuery(Guid Id) : IQuery<ConversationDto>;

public sealed class GetConversationQueryHandler(IAppDbContext db, ICurrentUser currentUser) : IQueryHandler<GetConversationQuery, ConversationDto>
{
    public async ValueTask<ConversationDto> Handle(GetConversationQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        await db.LoadForParticipantAsync(query.Id, callerId, cancellationToken);
        return (await db.ForViewerAsync([query.Id], callerId, cancellationToken))[0];
    }
}
