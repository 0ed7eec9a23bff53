using System.Runtime;

namespace Homelette.ChatHost.Infrastructure;

/// <summary>
/// Gives memory back to the operating system after many hub connections closed (ADR 0018). What a connection held
/// lives long enough to reach the oldest generation, which the garbage collector only collects when allocations
/// call for it: a ChatHost that goes quiet after thousands of clients left (a deploy moving them to another instance,
/// the end of the evening) would otherwise keep their memory indefinitely. When the count of connections has fallen
/// by at least half of its peak (and by at least <see cref="MinimumReleased"/>) and then stayed put for an interval,
/// one full, compacting collection in <see cref="GCCollectionMode.Aggressive"/> mode frees their memory and returns
/// the emptied regions.
/// </summary>
internal sealed partial class MemoryTrimService(HubConnectionCount connections, TimeProvider clock, ILogger<MemoryTrimService> logger)
    : BackgroundService
{
    /// <summary>How often the count is looked at; a look costs two atomic reads.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Fewer closed connections than this never trigger a collection: their memory is not worth a pause.</summary>
    internal const long MinimumReleased = 500;

    /// <summary>Whether a fall from <paramref name="peak"/> to <paramref name="current"/> connections is worth a full collection.</summary>
    internal static bool ShouldTrim(long peak, long current) => peak - current >= Math.Max(MinimumReleased, (peak + 1) / 2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        var previous = connections.Current;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Only once the wave of disconnects is over (no change for a whole interval): until then the closing
            // connections' memory is still in use, and a collection would only move it.
            var current = connections.Current;
            var settled = current == previous;
            previous = current;
            if (!settled || !ShouldTrim(connections.Peak, current))
            {
                continue;
            }

            var peak = connections.TakePeak();
            var before = Environment.WorkingSet;
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            LogTrimmed(logger, peak, current, before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024),
                heap.HeapSizeBytes / (1024 * 1024), heap.TotalCommittedBytes / (1024 * 1024));
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Hub connections fell from {Peak} to {Current}: collected their memory, working set {BeforeMiB} MiB -> {AfterMiB} MiB (managed heap {HeapMiB} MiB, {CommittedMiB} MiB committed)")]
    private static partial void LogTrimmed(ILogger logger, long peak, long current, long beforeMiB, long afterMiB, long heapMiB, long committedMiB);
}
