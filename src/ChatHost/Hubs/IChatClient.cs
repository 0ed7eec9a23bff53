using System.Diagnostics.CodeAnalysis;

namespace Homelette.ChatHost.Hubs;

/// <summary>Events the server sends to clients. The method names are the wire event names of the earlier backend.</summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Method names are the wire event names.")]
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Method names are the wire event names.")]
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Method names are the wire event names.")]
public interface IChatClient
{
    /// <summary>Sent to a connection when it opens: who it may see online.</summary>
    Task online_users(OnlineUsersEvent payload);

    Task user_online(UserPresenceEvent payload);

    Task user_offline(UserPresenceEvent payload);

    Task error(HubErrorEvent payload);
}

public sealed record OnlineUsersEvent(IReadOnlyList<Guid> Users);

public sealed record UserPresenceEvent(Guid UserId);

public sealed record HubErrorEvent(string Message, string? Code = null);
