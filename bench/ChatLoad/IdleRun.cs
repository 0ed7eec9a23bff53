using System.Diagnostics;
using System.Globalization;
using static System.FormattableString;
using static Homelette.Bench.ChatLoad.Output;

namespace Homelette.Bench.ChatLoad;

/// <summary>
/// Connection density: the ChatHost's resident memory per open, idle connection. Reads its VmRSS, opens the
/// connections (sending nothing), reads it again once they settled and again after holding them, closes them, reads
/// it once more (--after-close seconds later), and prints one RESULT line of key=value pairs on stdout. Nothing is
/// forced on the server from here (no GC): the figures are what the process holds.
/// </summary>
internal static class IdleRun
{
    private const double KilobytesPerGigabyte = 1024 * 1024;

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var users = await Connections.ReadUsersAsync(options, cancellationToken);
        var label = options.Label.Length > 0 ? options.Label : options.Hub!.AbsolutePath;
        var n = options.Connections;

        // The whole run has a deadline, whatever the server does.
        var budget = TimeSpan.FromSeconds(120 + (n * 0.25) + options.Hold) + TimeSpan.FromSeconds(options.Settle + options.AfterClose) + Connections.CloseTimeout(n);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        var ct = deadline.Token;

        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));

        Log($"{label}: {n} idle connections, {options.ConnectParallel} opened at a time, held {options.Hold} s");
        var rssBefore = ServerProcess.ResidentKilobytes(options.ServerPid);
        var peers = Peer.Of(users, n);
        var stats = new ConnectionStats();
        var connectStarted = Stopwatch.GetTimestamp();
        var failedToOpen = await Connections.OpenAsync(options, peers, stats, subscribe: null, ct);
        var connectSeconds = Stopwatch.GetElapsedTime(connectStarted).TotalSeconds;
        Log($"{n - failedToOpen} connected in {connectSeconds:0.0} s ({failedToOpen} failed)");
        if (failedToOpen > 0)
        {
            await Connections.CloseAsync(peers, stats);
            throw new InvalidOperationException($"{failedToOpen} of {n} connections could not be opened (first error: {stats.FirstConnectError}).");
        }

        await Task.Delay(TimeSpan.FromSeconds(options.Settle), ct);
        var rssOpen = ServerProcess.ResidentKilobytes(options.ServerPid);

        // Hold, watching for connections the server closes.
        var dropped = stats.Dropped;
        for (var second = 0; second < options.Hold; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            if (stats.Dropped != dropped)
            {
                dropped = stats.Dropped;
                Log($"{dropped} connections dropped so far");
            }
        }

        var rssHeld = ServerProcess.ResidentKilobytes(options.ServerPid);
        dropped = stats.Dropped;
        await Connections.CloseAsync(peers, stats);
        await Task.Delay(TimeSpan.FromSeconds(options.AfterClose), ct);
        var rssClosed = ServerProcess.ResidentKilobytes(options.ServerPid);

        var perConnection = rssBefore is { } b && rssHeld is { } h ? (h - b) / (double)n : double.NaN;
        var perGigabyte = perConnection > 0
            ? (KilobytesPerGigabyte / perConnection).ToString("0", CultureInfo.InvariantCulture)
            : "n/a";
        var line = string.Join(' ',
            "RESULT",
            $"label={label}",
            Invariant($"connections={n}"),
            Invariant($"opened={n - failedToOpen}"),
            Invariant($"dropped={dropped}"),
            Invariant($"connect_s={connectSeconds:0.0}"),
            $"rss_before_kb={Kb(rssBefore)}",
            $"rss_open_kb={Kb(rssOpen)}",
            $"rss_held_kb={Kb(rssHeld)}",
            $"rss_closed_kb={Kb(rssClosed)}",
            Invariant($"kb_per_connection={perConnection:0.0}"),
            $"connections_per_gb={perGigabyte}");
        if (dropped > 0)
        {
            Log($"{dropped} of {n} connections dropped while held (first: {stats.FirstDropError}); kb_per_connection counts all {n}");
        }

        if (stats.FirstError is { } error)
        {
            Log($"{stats.ErrorEvents} error events; first: {error}");
        }

        Console.WriteLine(line);
        return 0;
    }
}
