using Homelette.Application.Chat;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Presence.Commands.ConnectUser;

/// <summary>A hub connection of the caller opened.</summary>
public sealed record ConnectUserCommand(string ConnectionId) : ICommand<ConnectUserResult>;

/// <param name="UserId">The caller.</param>
/// <param name="AnnounceTo">The contacts to tell that the caller came online: empty unless this is the caller's first
/// connection and the caller shows their status.</param>
/// <param name="OnlineUsers">The caller's contacts who are online and show it.</param>
/// <param name="ConversationIds">The caller's conversations, whose groups the connection joins.</param>
/// <param name="Refused">True when the caller already has the most connections allowed: this one must close.</param>
public sealed record ConnectUserResult(
    Guid UserId, IReadOnlyList<Guid> AnnounceTo, IReadOnlyList<Guid> OnlineUsers, IReadOnlyList<Guid> ConversationIds, bool Refused = false);

public static class PresenceConstraints
{
    /// <summary>Open hub connections one user may hold at once, over all instances.</summary>
    public const int MaxConnectionsPerUser = 10;
}

public sealed class ConnectUserCommandHandler(IAppDbContext db, ICurrentUser currentUser, IPresence presence)
    : ICommandHandler<ConnectUserCommand, ConnectUserResult>
{
    public async ValueTask<ConnectUserResult> Handle(ConnectUserCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireId();
        var connections = await presence.ConnectedAsync(userId, command.ConnectionId, cancellationToken);
        if (connections > PresenceConstraints.MaxConnectionsPerUser)
        {
            await presence.DisconnectedAsync(userId, command.ConnectionId, cancellationToken);
            return new ConnectUserResult(userId, [], [], [], Refused: true);
        }

        var cameOnline = connections == 1;
        var contacts = await db.ContactsOfAsync(userId, cancellationToken);
        var online = await presence.OnlineAmongAsync(contacts, cancellationToken);

        // Users who hide their status appear offline; so does the caller, if hiding.
        var visible = await db.Users.AsNoTracking()
            .Where(u => (online.Contains(u.Id) || u.Id == userId) && u.ShowOnlineStatus)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        var conversations = await db.ConversationParticipants.AsNoTracking()
            .Where(p => p.UserId == userId)
            .Select(p => p.ConversationId)
            .ToListAsync(cancellationToken);
        return new ConnectUserResult(
            userId,
            cameOnline && visible.Contains(userId) ? contacts : [],
            [.. online.Where(visible.Contains)],
            conversations);
    }
}
