using Homelette.Application.Chat;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Presence.Commands.DisconnectUser;

/// <summary>A hub connection of the caller closed.</summary>
public sealed record DisconnectUserCommand(string ConnectionId) : ICommand<DisconnectUserResult>;

/// <param name="AnnounceTo">The contacts to tell that the caller went offline: empty unless that was the caller's
/// last connection and others could see the caller.</param>
public sealed record DisconnectUserResult(Guid UserId, IReadOnlyList<Guid> AnnounceTo);

public sealed class DisconnectUserCommandHandler(IAppDbContext db, ICurrentUser currentUser, IPresence presence)
    : ICommandHandler<DisconnectUserCommand, DisconnectUserResult>
{
    public async ValueTask<DisconnectUserResult> Handle(DisconnectUserCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        var wentOffline = await presence.DisconnectedAsync(userId, command.ConnectionId, cancellationToken) == 0;
        var visible = wentOffline
            && await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.ShowOnlineStatus, cancellationToken);
        return new DisconnectUserResult(userId, visible ? await db.ContactsOfAsync(userId, cancellationToken) : []);
    }
}
