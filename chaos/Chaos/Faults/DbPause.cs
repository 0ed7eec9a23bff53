using System.Collections.Concurrent;
using System.Globalization;

namespace Homelette.Chaos.Faults;

/// <summary>
/// Fault 3: MariaDB paused (SIGSTOP) for 10 s, then resumed (SIGCONT), under REST and hub clients. A paused server
/// accepts connections and never answers, which no connection refusal gives away. Goals: requests end cleanly
/// (503/unavailable, no 500, none hangs past the time-out), the hosts keep answering what needs no database (no
/// thread-pool starvation), /health/ready reports the database, and everything recovers after SIGCONT with nothing
/// lost or doubled.
/// </summary>
internal static class DbPause
{
    /// <summary>
    /// The longest any request may take while MariaDB is paused: it must end on its own time-out, not the pause's. The
    /// hosts' statement time-out (5 s; the connection is closed then, nothing is sent to the paused server: ADR 0019)
    /// plus 3 s for the rest of the request on a busy machine. Measured on this 2-core machine: at most 5.2–6.2 s in
    /// 13 runs (10 quick, 3 full size); 6.3–8.0 s in four quick runs with a 1-s cancellation time-out, under which each
    /// time-out first tried KILL QUERY.
    /// </summary>
    private const double RequestLimitSeconds = 8;

    private const int ImpatientClients = 10;

    public static async Task RunAsync(Lab lab)
    {
        const string Fault = "db-pause";
        Report.Heading("Fault 3: MariaDB paused (kill -STOP) for 10 s, then resumed (kill -CONT)");
        await using var api = await lab.StartApiAsync(Fault);
        await using var chat = await lab.StartChatHostAsync(Fault, lab.ChatHostAUrl, "ChatHost");
        var pids = (api.Pid, chat.Pid);
        using var client = new ApiClient(lab.ApiUrl, TimeSpan.FromSeconds(60));
        using var chatProbe = new ApiClient(lab.ChatHostAUrl, TimeSpan.FromSeconds(60));
        using var impatient = new ApiClient(lab.ApiUrl, TimeSpan.FromSeconds(1));
        var users = lab.Users.Take(lab.Options.ChatClients).ToArray();
        var conversations = await Clients.PairUpAsync(client, users);
        var hubs = await Clients.ConnectAsync(lab.ChatHostAUrl, users.Where((_, i) => i % 2 == 1));
        var prefix = $"chaos-pause-{Environment.ProcessId}-";
        var ledger = new Ledger();
        var reads = new ConcurrentBag<(string Name, Outcome Outcome)>();
        var impatientReads = new ConcurrentBag<(string Name, Outcome Outcome)>();
        var live = new ConcurrentBag<(string Host, Outcome Outcome)>();
        var ready = new ConcurrentBag<Outcome>();
        var threads = new ConcurrentBag<(double At, int WebApi, int ChatHost)>();

        Report.Restart();
        using var stop = new CancellationTokenSource();
        var tasks = new List<Task>();
        tasks.AddRange(users.Select((user, i) => Task.Run(() => Clients.WriteLoopAsync(
            i, user, users[i ^ 1], conversations[i / 2], i % 2 == 1 ? hubs[i / 2] : null, client, lab.Listings, prefix, ledger, TimeSpan.FromSeconds(1), stop.Token))));
        tasks.AddRange(Enumerable.Range(0, 5).Select(w => Task.Run(() => ReadLoopAsync(w, client, users[w], lab.Listings, reads, stop.Token))));
        // Clients that give up after 1 s, as impatient apps do. Were a hang-up to cancel its request's statements,
        // MySqlConnector would hold a thread for each (KILL QUERY over a new connection to the paused server; ADR 0019).
        tasks.AddRange(Enumerable.Range(5, ImpatientClients).Select(w => Task.Run(() => ReadLoopAsync(w, impatient, users[w], lab.Listings, impatientReads, stop.Token))));
        tasks.Add(Task.Run(() => ProbeAsync(client, "/health", TimeSpan.FromMilliseconds(100), o => live.Add(("WebApi", o)), stop.Token)));
        tasks.Add(Task.Run(() => ProbeAsync(chatProbe, "/health", TimeSpan.FromMilliseconds(100), o => live.Add(("ChatHost", o)), stop.Token)));
        tasks.Add(Task.Run(() => ProbeAsync(client, "/health/ready", TimeSpan.FromMilliseconds(500), ready.Add, stop.Token)));
        tasks.Add(Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                threads.Add((Report.Now, ProcessStats.Threads(api.Pid), ProcessStats.Threads(chat.Pid)));
                await Task.Delay(1000, CancellationToken.None);
            }
        }));

        await Task.Delay(TimeSpan.FromSeconds(5));
        var pausedAt = Report.Now;
        lab.Stack.PauseMariaDb();
        Report.Line("MariaDB paused");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        finally
        {
            lab.Stack.ResumeMariaDb();
        }

        var resumedAt = Report.Now;
        Report.Line("MariaDB resumed");
        await Task.Delay(TimeSpan.FromSeconds(20));
        stop.Cancel();
        await Task.WhenAll(tasks);

        var (lost, duplicated, wrongIds) = await ledger.CheckMessagesAsync(lab.ConnectionString, prefix);
        var (lostFavorites, _) = await ledger.CheckFavoritesAsync(lab.ConnectionString);
        var attempts = ledger.Writes.SelectMany(w => w.Attempts).Concat(reads.Select(r => Attempt.From(r.Outcome))).ToList();
        var failures = attempts.Where(a => a.Error is not null).ToList();
        var slowest = attempts.Max(a => a.Seconds);
        var duringPause = live.Where(l => l.Outcome.At >= pausedAt && l.Outcome.At < resumedAt).ToList();
        var liveWorst = duringPause.Count == 0 ? double.PositiveInfinity : duringPause.Max(l => l.Outcome.Elapsed.TotalSeconds);
        var liveFailed = live.Count(l => !l.Outcome.Ok);
        var readyInPause = ready.Where(r => r.At >= pausedAt + 2 && r.At + r.Elapsed.TotalSeconds < resumedAt).ToList();
        var readyAfter = ready.Where(r => r.At > resumedAt + 5).ToList();
        var lateFailures = failures.Where(f => f.End > resumedAt + 10 || f.End < pausedAt).ToList();
        var unacknowledged = ledger.Writes.Count(w => !w.Acknowledged);

        Report.Figure("pause", string.Create(CultureInfo.InvariantCulture, $"from {pausedAt:0.0} s to {resumedAt:0.0} s"));
        Report.Figure("requests", string.Create(CultureInfo.InvariantCulture,
            $"{attempts.Count} ({ledger.Writes.Count} writes: {Stats.Counts(ledger.Writes.Select(w => w.Kind))}; {reads.Count} reads), {ledger.Writes.Count(w => w.Acknowledged)} writes acknowledged"));
        Report.Figure("errors", string.Create(CultureInfo.InvariantCulture,
            $"{failures.Count} ({Stats.Counts(failures.Select(f => f.Error!))}), first ended {Stats.Seconds(failures.MinBy(f => f.End)?.End)}, last {Stats.Seconds(failures.MaxBy(f => f.End)?.End)}"));
        Report.Figure("request time", $"p50 {Stats.Milliseconds(attempts.Select(a => TimeSpan.FromSeconds(a.Seconds)), 0.5)}, p99 {Stats.Milliseconds(attempts.Select(a => TimeSpan.FromSeconds(a.Seconds)), 0.99)}, max {Stats.Seconds(slowest)}; slowest: {Stats.Slowest(attempts)}");
        Report.Figure("clients that give up after 1 s", $"{ImpatientClients}: {impatientReads.Count} requests, {Stats.Counts(impatientReads.Select(r => r.Outcome.Ok ? "answered" : r.Outcome.Status == Outcome.TimedOut ? "gave up" : r.Outcome.Status.ToString(CultureInfo.InvariantCulture)))} (not counted above)");
        Report.Figure("/health during the pause", $"{duringPause.Count} probes, slowest {Stats.Seconds(liveWorst)}, p99 {Stats.Milliseconds(duringPause.Select(l => l.Outcome.Elapsed), 0.99)}");
        Report.Figure("/health/ready", $"during the pause: {Stats.Counts(readyInPause.Select(r => r.Status))} (slowest {Stats.Seconds(readyInPause.Select(r => (double?)r.Elapsed.TotalSeconds).Max())}); from 5 s after: {Stats.Counts(readyAfter.Select(r => r.Status))}");
        Report.Figure("threads (WebApi, ChatHost)", string.Join(" ", threads.OrderBy(t => t.At).Where((_, i) => i % 3 == 0).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.At:0}s:{t.WebApi}/{t.ChatHost}"))));
        Report.Figure("host log errors", $"WebApi {api.Errors.Count}, ChatHost {chat.Errors.Count}");

        Report.Check(string.Create(CultureInfo.InvariantCulture, $"no request took longer than {RequestLimitSeconds} s"), slowest <= RequestLimitSeconds, Stats.Seconds(slowest));
        Report.Check("failures are clean (503 / unavailable; no 500, no dropped connection)", failures.All(f => f.Error == "503" || f.Error!.Contains("unavailable", StringComparison.Ordinal)),
            Stats.Counts(failures.Select(f => f.Error!)));
        Report.Check("/health answered within 1 s throughout (no thread-pool starvation)", liveFailed == 0 && liveWorst <= 1,
            string.Create(CultureInfo.InvariantCulture, $"slowest {liveWorst:0.000} s, failed {liveFailed}"));
        Report.Check("/health/ready reported MariaDB during the pause", readyInPause.Count > 0 && readyInPause.All(r => r.Status == 503),
            Stats.Counts(readyInPause.Select(r => r.Status)));
        Report.Check("/health/ready healthy again after the pause", readyAfter.Count > 0 && readyAfter.All(r => r.Ok), Stats.Counts(readyAfter.Select(r => r.Status)));
        Report.Check("errors only during the pause plus 10 s", lateFailures.Count == 0, $"{lateFailures.Count} outside, e.g. {string.Join("; ", lateFailures.Take(3))}");
        Report.Check("acknowledged writes lost", lost + lostFavorites + wrongIds == 0, $"messages {lost}, favorites {lostFavorites}");
        Report.Check("messages stored twice", duplicated == 0, duplicated.ToString(CultureInfo.InvariantCulture));
        Report.Check("every write acknowledged in the end", unacknowledged == 0, unacknowledged.ToString(CultureInfo.InvariantCulture));
        Report.Check("hosts not restarted", !api.HasExited && !chat.HasExited && (api.Pid, chat.Pid) == pids, api.HasExited || chat.HasExited ? "a host exited" : "both running, same pids");
        await Clients.DisposeAllAsync(hubs);
    }

    private static async Task ReadLoopAsync(int worker, ApiClient api, TestUser user, IReadOnlyList<Guid> listings, ConcurrentBag<(string, Outcome)> results, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            results.Add((n % 3) switch
            {
                0 => ("search", await api.SendAsync(HttpMethod.Get, "/api/listings?limit=20", null)),
                1 => ("listing", await api.SendAsync(HttpMethod.Get, $"/api/listings/{listings[(worker * 13 + n) % listings.Count]}", null)),
                _ => ("conversations", await api.SendAsync(HttpMethod.Get, "/api/chat/conversations?limit=20", user.Token)),
            });
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static async Task ProbeAsync(ApiClient client, string path, TimeSpan every, Action<Outcome> record, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            record(await client.SendAsync(HttpMethod.Get, path, null));
            await Task.Delay(every, CancellationToken.None);
        }
    }
}
