using System.Runtime;

namespace Homelette.ChatHost.Infrastructure;

/// <summary>
/// Gives memory back to the operating system after a wave of hub disconnects (ADR 0018). What a connection held
/// lives long enough to reach the oldest generation, which the garbage collector only collects when allocations
/// call for it: a ChatHost that goes quiet after thousands of clients left (a deploy draining it towards another
/// instance, the end of the evening) would otherwise keep their memory indefinitely. When, within
/// <see cref="Window"/>, the count of connections fell by at least half of its highest value (and by at least
/// <see cref="MinimumReleased"/>), and two successive looks found the same count (the wave is over), one full,
/// compacting collection in <see cref="GCCollectionMode.Aggressive"/> mode frees their memory and returns the
/// emptied regions; at most one per <see cref="MinimumGap"/>.
/// </summary>
internal sealed partial class MemoryTrimService(
    HubConnectionCount connections, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<MemoryTrimService> logger)
    : BackgroundService
{
    /// <summary>How often the count is looked at; a look costs a few atomic operations.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>How far back the highest count is remembered: a slow decline over hours never triggers a collection.</summary>
    internal static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The least time between two collections, whatever clients do (e.g. a crowd that keeps reconnecting).</summary>
    internal static readonly TimeSpan MinimumGap = TimeSpan.FromMinutes(5);

    /// <summary>Fewer closed connections than this never trigger a collection: their memory is not worth a pause.</summary>
    internal const long MinimumReleased = 500;

    /// <summary>The highest count of each look within the window, oldest first.</summary>
    private readonly Queue<(DateTimeOffset At, long Peak)> _peaks = new();
    private long _previous = -1;
    private DateTimeOffset _lastTrim = DateTimeOffset.MinValue;

    /// <summary>Whether a fall from <paramref name="peak"/> to <paramref name="current"/> connections is worth a full collection.</summary>
    internal static bool ShouldTrim(long peak, long current) => peak - current >= Math.Max(MinimumReleased, (peak + 1) / 2);

    /// <summary>One look at the count; collects when it is time. True when it collected.</summary>
    internal bool Tick(DateTimeOffset now)
    {
        var current = connections.Current;
        _peaks.Enqueue((now, connections.TakePeak()));
        while (_peaks.Count > 0 && now - _peaks.Peek().At > Window)
        {
            _peaks.Dequeue();
        }

        // Until the wave is over, the closing connections' memory is still in use and a collection would only move it.
        var settled = current == _previous;
        _previous = current;
        var peak = _peaks.Max(p => p.Peak);
        if (!settled || now - _lastTrim < MinimumGap || !ShouldTrim(peak, current) || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return false;
        }

        var before = Environment.WorkingSet;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        LogTrimmed(logger, peak, current, before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024),
            heap.HeapSizeBytes / (1024 * 1024), heap.TotalCommittedBytes / (1024 * 1024));
        _lastTrim = now;
        _peaks.Clear();
        _peaks.Enqueue((now, current));
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                Tick(clock.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Giving memory back is a nicety: a failure must not stop the host.
                LogTrimFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Hub connections fell from {Peak} to {Current}: collected their memory, working set {BeforeMiB} MiB -> {AfterMiB} MiB (managed heap {HeapMiB} MiB, {CommittedMiB} MiB committed)")]
    private static partial void LogTrimmed(ILogger logger, long peak, long current, long beforeMiB, long afterMiB, long heapMiB, long committedMiB);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving memory back after hub disconnects failed")]
    private static partial void LogTrimFailed(ILogger logger, Exception exception);
}
