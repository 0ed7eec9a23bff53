using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Presence.Commands.ConnectUser;

/// <summary>A hub connection of the caller opened.</summary>
public sealed record ConnectUserCommand(string ConnectionId) : ICommand<ConnectUserResult>;

/// <param name="UserId">The caller.</param>
/// <param name="AnnounceOnline">True when this is the caller's first connection and others may see it.</param>
/// <param name="OnlineUsers">The other users the caller may see online.</param>
public sealed record ConnectUserResult(Guid UserId, bool AnnounceOnline, IReadOnlyList<Guid> OnlineUsers);

public sealed class ConnectUserCommandHandler(IAppDbContext db, ICurrentUser currentUser, IPresence presence)
    : ICommandHandler<ConnectUserCommand, ConnectUserResult>
{
    public async ValueTask<ConnectUserResult> Handle(ConnectUserCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        var cameOnline = await presence.ConnectedAsync(userId, command.ConnectionId, cancellationToken);
        var online = (await presence.OnlineUsersAsync(cancellationToken)).Where(id => id != userId).ToList();

        // Users who hide their status appear offline; so does the caller, if hiding.
        var visible = await db.Users.AsNoTracking()
            .Where(u => (online.Contains(u.Id) || u.Id == userId) && u.ShowOnlineStatus)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        return new ConnectUserResult(
            userId,
            cameOnline && visible.Contains(userId),
            online.Where(visible.Contains).ToList());
    }
}
