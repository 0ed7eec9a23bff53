using Homelette.Application.Chat;
using Homelette.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Presence.Commands.SweepPresence;

/// <summary>
/// Forgets the connections of ChatHost instances that stopped their heartbeat (crashed, killed, cut off), and tells
/// the contacts of every user left with no connection that they went offline. Returns how many users that was.
/// </summary>
public sealed record SweepPresenceCommand : ICommand<int>;

public sealed class SweepPresenceCommandHandler(IAppDbContext db, IPresence presence, IChatNotifier notifier)
    : ICommandHandler<SweepPresenceCommand, int>
{
    public async ValueTask<int> Handle(SweepPresenceCommand command, CancellationToken cancellationToken)
    {
        var offline = await presence.SweepDeadInstancesAsync(cancellationToken);
        if (offline.Count == 0)
        {
            return 0;
        }

        var visible = await db.Users.AsNoTracking()
            .Where(u => offline.Contains(u.Id) && u.ShowOnlineStatus)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        foreach (var userId in visible)
        {
            await notifier.PresenceChangedAsync(userId, online: false, await db.ContactsOfAsync(userId, cancellationToken), cancellationToken);
        }

        return offline.Count;
    }
}
