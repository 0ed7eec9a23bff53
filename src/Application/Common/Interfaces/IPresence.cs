namespace Homelette.Application.Common.Interfaces;

/// <summary>
/// Who is connected, shared by every ChatHost instance. Each connection is recorded with the instance that holds
/// it; an instance that stops renewing its heartbeat is dead, and its connections no longer count.
/// </summary>
public interface IPresence
{
    /// <summary>Records a connection on this instance; returns the user's live connections, this one included.</summary>
    Task<int> ConnectedAsync(Guid userId, string connectionId, CancellationToken cancellationToken);

    /// <summary>Forgets a connection; returns the user's live connections left, or -1 when it was not recorded.</summary>
    Task<int> DisconnectedAsync(Guid userId, string connectionId, CancellationToken cancellationToken);

    /// <summary>Which of these users have at least one live connection.</summary>
    Task<IReadOnlyList<Guid>> OnlineAmongAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken);

    /// <summary>Renews this instance's heartbeat.</summary>
    Task HeartbeatAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Forgets the connections of dead instances (at most one instance sweeps at a time; others return nothing);
    /// returns the users left with no live connection.
    /// </summary>
    Task<IReadOnlyList<Guid>> SweepDeadInstancesAsync(CancellationToken cancellationToken);

    /// <summary>Marks this instance dead now (a graceful stop), so that the next sweep forgets its connections.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
