namespace Homelette.Infrastructure.Presence;

/// <summary>How a ChatHost instance proves it is alive (section "Presence").</summary>
public sealed class PresenceOptions
{
    public const string SectionName = "Presence";

    /// <summary>How often an instance renews its heartbeat and sweeps dead instances' connections.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a heartbeat lasts: an instance silent for this long is dead. Its users are offline for everyone
    /// within this plus one interval (40 s by default).
    /// </summary>
    public TimeSpan InstanceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This instance's id in Redis; a new one each start.</summary>
    public string InstanceId { get; set; } = Guid.NewGuid().ToString("N");
}
