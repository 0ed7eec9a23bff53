namespace Homelette.Application.Common.Interfaces;

/// <summary>Who is connected, shared by every ChatHost instance.</summary>
public interface IPresence
{
    /// <summary>Records a connection; true when it is the user's first one (the user just came online).</summary>
    Task<bool> ConnectedAsync(Guid userId, string connectionId, CancellationToken cancellationToken);

    /// <summary>Forgets a connection; true when it was the user's last one (the user just went offline).</summary>
    Task<bool> DisconnectedAsync(Guid userId, string connectionId, CancellationToken cancellationToken);

    /// <summary>Which of these users have at least one open connection.</summary>
    Task<IReadOnlyList<Guid>> OnlineAmongAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken);

    /// <summary>The users with at least one open connection.</summary>
    Task<IReadOnlyList<Guid>> OnlineUsersAsync(CancellationToken cancellationToken);
}
