using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using static System.FormattableString;
using static Homelette.Bench.ChatLoad.Output;

namespace Homelette.Bench.ChatLoad;

/// <summary>
/// One measured run against one hub (or two instances of it, --hub-b): open the connections, send at a fixed total
/// rate (open loop: the schedule does not wait for answers), wait for stragglers, close, and print one RESULT line of
/// key=value pairs on stdout. In pairs (the default) every message has one receiver, the sender's partner; with
/// --group-size G it goes to a group conversation and has G-1 receivers, and the delivery figures count each.
/// </summary>
internal static class LoadRun
{

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var users = await Connections.ReadUsersAsync(options, cancellationToken);
        var label = options.Label.Length > 0 ? options.Label : options.Hub!.AbsolutePath;
        var n = options.Connections;
        var audience = new Audience(n, options.GroupSize);
        var groups = audience.IsGroups ? n / audience.GroupSize : 0;
        var total = checked((int)Math.Ceiling(options.Rate * (options.Warmup + options.Seconds)));
        var measuredFrom = (int)Math.Ceiling(options.Rate * options.Warmup);
        var ledger = new Ledger(Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 4)).ToLowerInvariant(), total, audience);

        // The whole run has a deadline, whatever the server does.
        var budget = TimeSpan.FromSeconds(120 + (n * 0.25) + (groups * 0.5) + options.Warmup + options.Seconds + (2 * options.Grace));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        var ct = deadline.Token;

        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));

        Log($"{label}: {n} connections, {options.Rate} msg/s in total ({options.Rate / n:0.###} per connection), {options.Warmup} s warm-up + {options.Seconds} s measured, grace {options.Grace} s");
        if (options.HubB is { } hubB)
        {
            Log($"connections {n / 2}..{n - 1} on the second hub {hubB}");
        }

        var peers = Peer.Of(users, n);
        Guid[] conversations = [];
        if (audience.IsGroups)
        {
            Log($"{groups} groups of {audience.GroupSize}: each message reaches {audience.Receivers} members, {options.Rate * audience.Receivers} deliveries/s");
            conversations = await Groups.CreateAsync(options, peers, ct);
        }

        if (options.Prewarm > 0)
        {
            await PrewarmAsync(options, users, audience, conversations, ct);
            await Task.Delay(TimeSpan.FromSeconds(options.Settle), ct);
        }

        var rssBefore = ServerProcess.ResidentKilobytes(options.ServerPid);
        var rssBeforeB = ServerProcess.ResidentKilobytes(options.ServerPidB);
        var stats = new ConnectionStats();
        var connectStarted = Stopwatch.GetTimestamp();
        var failedToOpen = await Connections.OpenAsync(options, peers, stats, Subscribe(audience, ledger, stats), ct);
        var connectSeconds = Stopwatch.GetElapsedTime(connectStarted).TotalSeconds;
        Log($"{n - failedToOpen} connected in {connectSeconds:0.0} s ({failedToOpen} failed)");
        if (failedToOpen > 0)
        {
            await Connections.CloseAsync(peers, stats);
            throw new InvalidOperationException($"{failedToOpen} of {n} connections could not be opened (first error: {stats.FirstConnectError}).");
        }

        await Task.Delay(TimeSpan.FromSeconds(options.Settle), ct);
        var rssOpen = ServerProcess.ResidentKilobytes(options.ServerPid);
        var rssOpenB = ServerProcess.ResidentKilobytes(options.ServerPidB);

        // The schedule: message k is due at k / rate seconds; connection k mod n sends it, in pairs to its partner
        // (k + n/2) mod n, in groups to its group.
        var sends = new List<Task>(total);
        var started = Stopwatch.GetTimestamp();
        var maxLag = 0.0;
        var next = 0;
        var measuring = false;
        CpuSnapshot? cpuMeasured = null;
        var measuredStartedAt = 0L;
        while (next < total)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var due = Math.Min(total, (int)(elapsed * options.Rate) + 1);
            if (next < due)
            {
                maxLag = Math.Max(maxLag, elapsed - (next / options.Rate));
            }

            for (; next < due; next++)
            {
                sends.Add(SendAsync(ledger, audience, peers, conversations, next, peers[next % n], ct));
            }

            if (!measuring && next > measuredFrom)
            {
                measuring = true;
                cpuMeasured = CpuSnapshot.Take(options);
                measuredStartedAt = Stopwatch.GetTimestamp();
                Log("warm-up done; measuring");
            }

            await Task.Delay(1, ct);
        }

        var sendSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Log($"all {total} sent in {sendSeconds:0.0} s; waiting up to {options.Grace} s for answers and deliveries");

        // Grace: wait for the outstanding calls, then for every acknowledged message to reach all its receivers.
        var graceEnd = Stopwatch.GetTimestamp() + (options.Grace * Stopwatch.Frequency);
        try
        {
            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(options.Grace), ct);
        }
        catch (TimeoutException)
        {
        }

        while (Stopwatch.GetTimestamp() < graceEnd && !ledger.AllAcknowledgedArrived(total, long.MaxValue))
        {
            await Task.Delay(50, ct);
        }

        // A call answered from here on was not answered in time (pending). The acknowledgement goes straight back
        // to the sender while the delivery takes the Redis backplane, so a delivery may trail its acknowledgement:
        // the messages acknowledged so far get up to another grace period to arrive before any counts as lost.
        var ackCutoff = Stopwatch.GetTimestamp();
        var cpuEnd = CpuSnapshot.Take(options);
        var answered = ledger.AcknowledgedSince(measuredStartedAt, total);
        var deliveriesEnd = ackCutoff + (options.Grace * Stopwatch.Frequency);
        if (!ledger.AllAcknowledgedArrived(total, ackCutoff))
        {
            Log($"waiting up to {options.Grace} s more for the deliveries of acknowledged messages");
        }

        while (Stopwatch.GetTimestamp() < deliveriesEnd && !ledger.AllAcknowledgedArrived(total, ackCutoff))
        {
            await Task.Delay(50, ct);
        }

        var rssLoaded = ServerProcess.ResidentKilobytes(options.ServerPid);
        var rssLoadedB = ServerProcess.ResidentKilobytes(options.ServerPidB);
        var summary = ledger.Summarize(total, measuredFrom, ackCutoff);
        await Connections.CloseAsync(peers, stats);
        await Task.Delay(TimeSpan.FromSeconds(options.Settle), ct);
        var rssClosed = ServerProcess.ResidentKilobytes(options.ServerPid);
        var rssClosedB = ServerProcess.ResidentKilobytes(options.ServerPidB);

        // CPU time (user + system) from the first measured send to the end of the grace period, per call answered meanwhile.
        var cpu = cpuMeasured is { } c0 && answered > 0 ? cpuEnd.PerCallMilliseconds(c0, answered) : CpuSnapshot.None;

        // Memory per connection each instance holds: all of them on one hub; with --hub-b, n/2 on the first.
        var connectionsB = options.HubB is null ? 0 : n - (n / 2);
        var perConnection = PerConnection(rssBefore, rssOpen, n - connectionsB);
        var perConnectionB = PerConnection(rssBeforeB, rssOpenB, connectionsB);
        var sendRate = summary.MeasuredWindowSeconds > 0 ? (summary.Measured - 1) / summary.MeasuredWindowSeconds : double.NaN;
        var rate = summary.DeliveryWindowSeconds > 0 ? summary.MeasuredReceived / Math.Max(summary.DeliveryWindowSeconds, summary.MeasuredWindowSeconds + (1 / options.Rate)) : double.NaN;
        var line = string.Join(' ',
            "RESULT",
            $"label={label}",
            Invariant($"connections={n}"),
            Invariant($"target_rate={options.Rate}"),
            Invariant($"seconds={options.Seconds}"),
            Invariant($"sent={summary.Sent}"),
            Invariant($"measured={summary.Measured}"),
            Invariant($"acked={summary.Acknowledged}"),
            Invariant($"failed={summary.Failed}"),
            Invariant($"pending={summary.Pending}"),
            Invariant($"received={summary.Received}"),
            Invariant($"lost={summary.Lost}"),
            Invariant($"duplicated={summary.Duplicated}"),
            Invariant($"misrouted={summary.Misrouted}"),
            Invariant($"foreign={summary.Foreign}"),
            Invariant($"send_rate={sendRate:0.0}"),
            Invariant($"rate={rate:0.0}"),
            $"p50_ms={Percentiles.Format(summary.Latency.P50)}",
            $"p95_ms={Percentiles.Format(summary.Latency.P95)}",
            $"p99_ms={Percentiles.Format(summary.Latency.P99)}",
            $"max_ms={Percentiles.Format(summary.Latency.Max)}",
            $"ack_p50_ms={Percentiles.Format(summary.AckLatency.P50)}",
            $"ack_p99_ms={Percentiles.Format(summary.AckLatency.P99)}",
            Invariant($"max_lag_ms={maxLag * 1000:0.0}"),
            Invariant($"connect_s={connectSeconds:0.0}"),
            Invariant($"server_cpu_ms_per_message={cpu.Server:0.00}"),
            Invariant($"db_cpu_ms_per_message={cpu.Database:0.00}"),
            Invariant($"client_cpu_ms_per_message={cpu.Client:0.00}"),
            Invariant($"dropped={stats.Dropped}"),
            Invariant($"error_events={stats.ErrorEvents}"),
            Invariant($"delivered_events={stats.DeliveredEvents}"),
            $"rss_before_kb={Kb(rssBefore)}",
            $"rss_open_kb={Kb(rssOpen)}",
            $"rss_loaded_kb={Kb(rssLoaded)}",
            $"rss_closed_kb={Kb(rssClosed)}",
            Invariant($"kb_per_connection={perConnection:0.0}"),
            $"hub_b={(options.HubB is null ? "no" : "yes")}",
            Invariant($"group_size={audience.GroupSize}"),
            Invariant($"deliveries={summary.Deliveries}"),
            Invariant($"server_b_cpu_ms_per_message={cpu.ServerB:0.00}"),
            $"server_b_rss_before_kb={Kb(rssBeforeB)}",
            $"server_b_rss_open_kb={Kb(rssOpenB)}",
            $"server_b_rss_loaded_kb={Kb(rssLoadedB)}",
            $"server_b_rss_closed_kb={Kb(rssClosedB)}",
            Invariant($"server_b_kb_per_connection={perConnectionB:0.0}"));
        foreach (var failure in summary.Failures.Take(5))
        {
            Log($"send failures: {failure}");
        }

        if (stats.FirstError is { } error)
        {
            Log($"first error event: {error}");
        }

        if (stats.FirstDropError is { } drop)
        {
            Log($"first unexpected close: {drop}");
        }

        Console.WriteLine(line);
        return 0;
    }

    /// <summary>
    /// A few connections exchange a few messages and close before anything is measured, so that the memory "before"
    /// already holds what the first use of the hub costs once (JIT, EF Core's model and query caches, Redis
    /// subscriptions) and the difference with all connections open is what the connections cost. In pairs, the
    /// first --prewarm users rounded down to even; in groups, the first whole groups (at least one), through the
    /// run's own conversations. With --hub-b, half of them on each hub, as in the run.
    /// </summary>
    private static async Task PrewarmAsync(
        Options options, List<(Guid UserId, string Token)> users, Audience audience, Guid[] conversations, CancellationToken cancellationToken)
    {
        const int Rounds = 3;
        var unit = audience.IsGroups ? audience.GroupSize : 2;
        var m = Math.Min(options.Prewarm, options.Connections) / unit * unit;
        if (audience.IsGroups && m == 0)
        {
            m = unit;
        }

        var peers = Peer.Of(users, m);
        var warm = audience with { Connections = m };
        var ledger = new Ledger("warm" + Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 2)).ToLowerInvariant(), Rounds * m, warm);
        var stats = new ConnectionStats();
        if (await Connections.OpenAsync(options, peers, stats, Subscribe(warm, ledger, stats), cancellationToken) > 0)
        {
            await Connections.CloseAsync(peers, stats);
            throw new InvalidOperationException($"The warm-up connections could not be opened (first error: {stats.FirstConnectError}).");
        }

        for (var round = 0; round < Rounds; round++)
        {
            await Task.WhenAll(peers.Select(peer =>
                SendAsync(ledger, warm, peers, conversations, (round * m) + peer.Index, peer, cancellationToken)));
        }

        var until = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until && !ledger.AllAcknowledgedArrived(Rounds * m, long.MaxValue))
        {
            await Task.Delay(50, cancellationToken);
        }

        await Connections.CloseAsync(peers, stats, quiet: true);
        Log($"hub warmed up: {m} connections, {Rounds * m} messages");
    }

    /// <summary>
    /// The handlers of a measuring connection: the message event its receivers get (private_message in pairs,
    /// conversation_message in groups) into the ledger, and message_delivered (to the sender) counted.
    /// </summary>
    private static Action<HubConnection, Peer> Subscribe(Audience audience, Ledger ledger, ConnectionStats stats) => (connection, peer) =>
    {
        connection.On<IncomingMessage>(audience.IsGroups ? "conversation_message" : "private_message", message =>
            ledger.Received(peer.Index, message.ClientMessageId, Stopwatch.GetTimestamp()));
        connection.On<IncomingMessage>("message_delivered", _ => stats.Delivered());
    };

    /// <summary>Sends message <paramref name="seq"/> from <paramref name="from"/>: to its partner in pairs, to its group's conversation in groups.</summary>
    private static Task SendAsync(
        Ledger ledger, Audience audience, Peer[] peers, Guid[] conversations, int seq, Peer from, CancellationToken cancellationToken) =>
        audience.IsGroups
            ? InvokeAsync(ledger, seq, from, "conversation_message",
                id => new OutgoingConversationMessage(conversations[from.Index / audience.GroupSize], Content(seq), id), cancellationToken)
            : InvokeAsync(ledger, seq, from, "private_message",
                id => new OutgoingMessage(peers[audience.Partner(from.Index)].UserId, Content(seq), id), cancellationToken);

    /// <summary>Records the send (synchronously, before the first await), calls the hub and records the answer.</summary>
    private static async Task InvokeAsync<TMessage>(
        Ledger ledger, int seq, Peer from, string method, Func<string, TMessage> message, CancellationToken cancellationToken)
    {
        var sentAt = Stopwatch.GetTimestamp();
        ledger.Sending(seq, from.Index, sentAt);
        var payload = message(ledger.ClientMessageId(seq, sentAt));
        try
        {
            await from.Connection!.InvokeAsync<IncomingMessage>(method, payload, cancellationToken);
            ledger.Acknowledged(seq);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ledger.Failed(seq, ex);
        }
    }

    /// <summary>About the length of a short chat message.</summary>
    private static string Content(int seq) => Invariant($"Hi! Is the room on Del Playa still free for the summer? (bench message {seq})");

    /// <summary>kB of VmRSS per connection between two readings, or NaN.</summary>
    private static double PerConnection(long? before, long? open, int connections) =>
        before is { } b && open is { } o && connections > 0 ? (o - b) / (double)connections : double.NaN;

    /// <summary>
    /// CPU seconds used so far by the hub's process, the second hub's (--server-pid-b), the database server's
    /// (--db-pid) and this process. Per call: the difference between two snapshots divided by the calls answered in between.
    /// </summary>
    private sealed record CpuSnapshot(double? Server, double? ServerB, double? Database, double Client)
    {
        public static readonly CpuSnapshot None = new(double.NaN, double.NaN, double.NaN, double.NaN);

        public static CpuSnapshot Take(Options options) => new(
            ServerProcess.CpuSeconds(options.ServerPid),
            ServerProcess.CpuSeconds(options.ServerPidB),
            ServerProcess.CpuSeconds(options.DbPid),
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);

        public CpuSnapshot PerCallMilliseconds(CpuSnapshot start, int calls) => new(
            (Server - start.Server) * 1000 / calls ?? double.NaN,
            (ServerB - start.ServerB) * 1000 / calls ?? double.NaN,
            (Database - start.Database) * 1000 / calls ?? double.NaN,
            (Client - start.Client) * 1000 / calls);
    }
}
