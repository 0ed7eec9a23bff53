using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static System.FormattableString;

namespace Homelette.Bench.ChatLoad;

/// <summary>
/// One measured run against one hub: open the connections, send at a fixed total rate (open loop: the schedule does
/// not wait for answers), wait for stragglers, close, and print one RESULT line of key=value pairs on stdout.
/// </summary>
internal static class LoadRun
{
    private const int ConnectAttempts = 3;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var users = (await File.ReadAllLinesAsync(options.Tokens, cancellationToken))
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(parts => (UserId: Guid.Parse(parts[0]), Token: parts[1]))
            .ToList();
        if (users.Count < options.Connections)
        {
            throw new InvalidOperationException($"{options.Tokens} holds {users.Count} tokens; --connections {options.Connections} needs as many.");
        }

        var label = options.Label.Length > 0 ? options.Label : options.Hub!.AbsolutePath;
        var n = options.Connections;
        var total = checked((int)Math.Ceiling(options.Rate * (options.Warmup + options.Seconds)));
        var measuredFrom = (int)Math.Ceiling(options.Rate * options.Warmup);
        var ledger = new Ledger(Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 4)).ToLowerInvariant(), total);

        // The whole run has a deadline, whatever the server does.
        var budget = TimeSpan.FromSeconds(120 + (n * 0.25) + options.Warmup + options.Seconds + (2 * options.Grace));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        var ct = deadline.Token;

        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));

        Log($"{label}: {n} connections, {options.Rate} msg/s in total ({options.Rate / n:0.###} per connection), {options.Warmup} s warm-up + {options.Seconds} s measured, grace {options.Grace} s");
        if (options.Prewarm > 0)
        {
            await PrewarmAsync(options, users, ct);
            await Task.Delay(Settle, ct);
        }

        var rssBefore = ServerProcess.ResidentKilobytes(options.ServerPid);
        var peers = users.Take(n).Select((user, index) => new Peer(index, user.UserId, user.Token)).ToArray();
        var stats = new ConnectionStats();
        var connectStarted = Stopwatch.GetTimestamp();
        var failedToOpen = await OpenAsync(options, peers, ledger, stats, ct);
        var connectSeconds = Stopwatch.GetElapsedTime(connectStarted).TotalSeconds;
        Log($"{n - failedToOpen} connected in {connectSeconds:0.0} s ({failedToOpen} failed)");
        if (failedToOpen > 0)
        {
            await CloseAsync(peers, stats);
            throw new InvalidOperationException($"{failedToOpen} of {n} connections could not be opened (first error: {stats.FirstConnectError}).");
        }

        await Task.Delay(Settle, ct);
        var rssOpen = ServerProcess.ResidentKilobytes(options.ServerPid);

        // The schedule: message k is due at k / rate seconds; connection k mod n sends it to its partner (k + n/2) mod n.
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
                var from = peers[next % n];
                var to = peers[(next + (n / 2)) % n];
                sends.Add(SendAsync(ledger, next, from, to, ct));
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

        // Grace: wait for the outstanding calls, then for every acknowledged message to arrive.
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
        var summary = ledger.Summarize(total, measuredFrom, ackCutoff);
        await CloseAsync(peers, stats);
        await Task.Delay(Settle, ct);
        var rssClosed = ServerProcess.ResidentKilobytes(options.ServerPid);

        // CPU time (user + system) from the first measured send to the end of the grace period, per call answered meanwhile.
        var cpu = cpuMeasured is { } c0 && answered > 0 ? cpuEnd.PerCallMilliseconds(c0, answered) : CpuSnapshot.None;
        var perConnection = rssBefore is { } b && rssOpen is { } o ? (o - b) / (double)n : double.NaN;
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
            Invariant($"kb_per_connection={perConnection:0.0}"));
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

    /// <summary>Opens the peers' connections, a few at a time; returns how many could not be opened.</summary>
    private static async Task<int> OpenAsync(Options options, Peer[] peers, Ledger ledger, ConnectionStats stats, CancellationToken cancellationToken)
    {
        int opened = 0, failed = 0;
        await Parallel.ForEachAsync(
            peers,
            new ParallelOptions { MaxDegreeOfParallelism = options.ConnectParallel, CancellationToken = cancellationToken },
            async (peer, token) =>
            {
                peer.Connection = Build(options.Hub!, peer, ledger, stats);
                if (!await StartAsync(peer.Connection, stats, token))
                {
                    Interlocked.Increment(ref failed);
                }
                else if (Interlocked.Increment(ref opened) % 250 == 0)
                {
                    Log($"  {opened} of {peers.Length} connected");
                }
            });
        return failed;
    }

    /// <summary>
    /// A few connections exchange a few messages and close before anything is measured, so that the memory "before"
    /// already holds what the first use of the hub costs once (JIT, EF Core's model and query caches, Redis
    /// subscriptions) and the difference with all connections open is what the connections cost.
    /// </summary>
    private static async Task PrewarmAsync(Options options, List<(Guid UserId, string Token)> users, CancellationToken cancellationToken)
    {
        const int Rounds = 3;
        var m = Math.Min(options.Prewarm, options.Connections) / 2 * 2;
        var peers = users.Take(m).Select((user, index) => new Peer(index, user.UserId, user.Token)).ToArray();
        var ledger = new Ledger("warm" + Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 2)).ToLowerInvariant(), Rounds * m);
        var stats = new ConnectionStats();
        if (await OpenAsync(options, peers, ledger, stats, cancellationToken) > 0)
        {
            await CloseAsync(peers, stats);
            throw new InvalidOperationException($"The warm-up connections could not be opened (first error: {stats.FirstConnectError}).");
        }

        for (var round = 0; round < Rounds; round++)
        {
            await Task.WhenAll(peers.Select(peer =>
                SendAsync(ledger, (round * m) + peer.Index, peer, peers[(peer.Index + (m / 2)) % m], cancellationToken)));
        }

        var until = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until && !ledger.AllAcknowledgedArrived(Rounds * m, long.MaxValue))
        {
            await Task.Delay(50, cancellationToken);
        }

        await CloseAsync(peers, stats, quiet: true);
        Log($"hub warmed up: {m} connections, {Rounds * m} messages");
    }

    private static HubConnection Build(Uri hub, Peer peer, Ledger ledger, ConnectionStats stats)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, http =>
            {
                // The .NET client sends the token in the Authorization header, which both hubs read.
                http.AccessTokenProvider = () => Task.FromResult<string?>(peer.Token);
                http.Transports = HttpTransportType.WebSockets;
                http.SkipNegotiation = true;
            })
            .AddJsonProtocol(json => Wire.Apply(json.PayloadSerializerOptions))
            .Build();
        connection.On<IncomingMessage>("private_message", message =>
            ledger.Received(peer.Index, message.ClientMessageId, Stopwatch.GetTimestamp()));
        connection.On<IncomingMessage>("message_delivered", _ => stats.Delivered());
        connection.On<HubError>("error", error => stats.Error($"{error.Code}: {error.Message}"));
        connection.Closed += exception =>
        {
            stats.Closed(exception);
            return Task.CompletedTask;
        };
        return connection;
    }

    private static async Task<bool> StartAsync(HubConnection connection, ConnectionStats stats, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= ConnectAttempts; attempt++)
        {
            try
            {
                await connection.StartAsync(cancellationToken);
                return true;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                stats.ConnectFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }

        return false;
    }

    private static async Task SendAsync(Ledger ledger, int seq, Peer from, Peer to, CancellationToken cancellationToken)
    {
        var sentAt = Stopwatch.GetTimestamp();
        ledger.Sending(seq, to.Index, sentAt);
        var message = new OutgoingMessage(to.UserId, Content(seq), ledger.ClientMessageId(seq, sentAt));
        try
        {
            await from.Connection!.InvokeAsync<IncomingMessage>("private_message", message, cancellationToken);
            ledger.Acknowledged(seq);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ledger.Failed(seq, ex);
        }
    }

    /// <summary>Closes every connection, 32 at a time, giving up after a minute (the process exit closes the rest).</summary>
    private static async Task CloseAsync(Peer[] peers, ConnectionStats stats, bool quiet = false)
    {
        stats.Stopping = true;
        var closed = 0;
        var closing = Parallel.ForEachAsync(
            peers.Where(p => p.Connection is not null),
            new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (peer, _) =>
            {
                try
                {
                    await peer.Connection!.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
                    Interlocked.Increment(ref closed);
                }
                catch (TimeoutException)
                {
                }
            });
        try
        {
            await closing.WaitAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        }
        catch (TimeoutException)
        {
        }

        if (!quiet || closed < peers.Length)
        {
            Log($"{closed} of {peers.Length} connections closed");
        }
    }

    /// <summary>About the length of a short chat message.</summary>
    private static string Content(int seq) => Invariant($"Hi! Is the room on Del Playa still free for the summer? (bench message {seq})");

    private static string Kb(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "n/a";

    private static void Log(FormattableString message) => Log(Invariant(message));

    private static void Log(string message) => Console.Error.WriteLine("[chat-load] " + message);

    /// <summary>
    /// CPU seconds used so far by the hub's process, the database server's process (--db-pid) and this process.
    /// Per call: the difference between two snapshots divided by the calls answered in between.
    /// </summary>
    private sealed record CpuSnapshot(double? Server, double? Database, double Client)
    {
        public static readonly CpuSnapshot None = new(double.NaN, double.NaN, double.NaN);

        public static CpuSnapshot Take(Options options) => new(
            ServerProcess.CpuSeconds(options.ServerPid),
            ServerProcess.CpuSeconds(options.DbPid),
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);

        public CpuSnapshot PerCallMilliseconds(CpuSnapshot start, int calls) => new(
            (Server - start.Server) * 1000 / calls ?? double.NaN,
            (Database - start.Database) * 1000 / calls ?? double.NaN,
            (Client - start.Client) * 1000 / calls);
    }

    private sealed class Peer(int index, Guid userId, string token)
    {
        public int Index { get; } = index;

        public Guid UserId { get; } = userId;

        public string Token { get; } = token;

        public HubConnection? Connection { get; set; }
    }

    private sealed class ConnectionStats
    {
        private string? _firstConnectError;
        private int _delivered;
        private int _errors;
        private int _dropped;
        private volatile bool _stopping;

        public bool Stopping
        {
            get => _stopping;
            set => _stopping = value;
        }

        public string? FirstConnectError => _firstConnectError;

        public string? FirstError { get; private set; }

        public string? FirstDropError { get; private set; }

        public int DeliveredEvents => Volatile.Read(ref _delivered);

        public int ErrorEvents => Volatile.Read(ref _errors);

        public int Dropped => Volatile.Read(ref _dropped);

        public void ConnectFailed(Exception exception) =>
            Interlocked.CompareExchange(ref _firstConnectError, $"{exception.GetType().Name}: {exception.Message}", null);

        public void Delivered() => Interlocked.Increment(ref _delivered);

        public void Error(string error)
        {
            Interlocked.Increment(ref _errors);
            FirstError ??= error;
        }

        public void Closed(Exception? exception)
        {
            if (!Stopping)
            {
                Interlocked.Increment(ref _dropped);
                FirstDropError ??= exception?.Message ?? "closed by the server";
            }
        }
    }
}
