using System.Collections.Concurrent;
using System.Globalization;

namespace Homelette.Chaos.Faults;

/// <summary>
/// Fault 2: Redis stopped for 10 s under two ChatHosts and the WebApi. Pairs of users sit on different instances (so
/// every live delivery crosses the Redis backplane) and message each other over the hub; REST clients keep reading
/// and writing meanwhile. Goals: REST error rate 0; every hub send succeeds or fails within 5 s; 0 persisted
/// messages lost; every client has every message after /api/chat/sync within 30 s of Redis returning; live
/// delivery resumes by itself; no host restarted.
/// </summary>
internal static class RedisStop
{
    public static async Task RunAsync(Lab lab)
    {
        const string Fault = "redis-stop";
        Report.Heading("Fault 2: Redis stopped for 10 s under two ChatHosts and the WebApi");
        await using var api = await lab.StartApiAsync(Fault);
        await using var chatA = await lab.StartChatHostAsync(Fault, lab.ChatHostAUrl, "ChatHostA");
        await using var chatB = await lab.StartChatHostAsync(Fault, lab.ChatHostBUrl, "ChatHostB");
        var pids = (api.Pid, chatA.Pid, chatB.Pid);
        using var client = new ApiClient(lab.ApiUrl, TimeSpan.FromSeconds(30));
        var users = lab.Users.Take(lab.Options.ChatClients).ToArray();
        var conversations = await Clients.PairUpAsync(client, users);
        // The REST clients are users of their own, so that their sends and the hub's share no rate limit.
        var restUsers = lab.Users.Skip(users.Length).Take(10).ToArray();
        var restConversations = await Clients.PairUpAsync(client, restUsers);
        var hubs = new ChatClient[users.Length];
        var onA = await Clients.ConnectAsync(lab.ChatHostAUrl, users.Where((_, i) => i % 2 == 0));
        var onB = await Clients.ConnectAsync(lab.ChatHostBUrl, users.Where((_, i) => i % 2 == 1));
        for (var i = 0; i < users.Length; i++)
        {
            hubs[i] = i % 2 == 0 ? onA[i / 2] : onB[i / 2];
        }

        var prefix = $"chaos-redis-{Environment.ProcessId}-";
        var ledger = new Ledger();
        var rest = new ConcurrentBag<(string Name, Outcome Outcome)>();

        Report.Restart();
        using var stop = new CancellationTokenSource();
        var senders = users.Select((user, i) => Task.Run(() => Clients.HubSendLoopAsync(i, hubs[i], users[i ^ 1], prefix, ledger, TimeSpan.FromSeconds(1), stop.Token))).ToList();
        var restWorkers = Enumerable.Range(0, restUsers.Length).Select(w => Task.Run(() => RestLoopAsync(
            w, client, restUsers[w], restConversations[w / 2], lab.Listings, prefix, rest, stop.Token))).ToList();

        await Task.Delay(TimeSpan.FromSeconds(5));
        var stoppedAt = Report.Now;
        await lab.Stack.StopRedisAsync();
        Report.Line("Redis stopped");
        await Task.Delay(TimeSpan.FromSeconds(10));
        await lab.Stack.UpAsync();
        var upAt = Report.Now;
        Report.Line("Redis started again");
        await Task.Delay(TimeSpan.FromSeconds(10));
        stop.Cancel();
        // The sends in flight finish (a few seconds at most when all is well); one still retrying is not waited for
        // here, so that the sync below measures the catching up, and it counts as unacknowledged at the end.
        await Task.WhenAny(Task.WhenAll(senders.Concat(restWorkers)), Task.Delay(TimeSpan.FromSeconds(10)));
        await Task.Delay(TimeSpan.FromSeconds(1));

        // Each client catches up through sync and must then hold every message of its conversation stored so far.
        var expected = await Clients.MessagesByConversationAsync(lab.ConnectionString, conversations);
        var syncStarted = Report.Now;
        var (missing, syncFailed) = await Clients.MissingAfterSyncAsync(client, users, hubs, conversations, expected);
        var syncedAt = Report.Now;
        await Task.WhenAll(senders.Concat(restWorkers));

        // Live delivery after Redis came back: the messages acknowledged 5 s after its return, seen by the partner.
        var late = ledger.Writes.Where(w => w.Acknowledged && w.Attempts[^1].End > upAt + 5).ToList();
        var lateDelivered = late.Count(w => hubs[Array.FindIndex(users, u => u.Id == w.UserId) ^ 1].Received.ContainsKey(w.StoredMessageId!.Value));

        var (lost, duplicated, wrongIds) = await ledger.CheckMessagesAsync(lab.ConnectionString, prefix);
        var hubAttempts = ledger.Writes.SelectMany(w => w.Attempts).ToList();
        var hubFailures = hubAttempts.Where(a => a.Error is not null).ToList();
        var restErrors = rest.Where(r => !r.Outcome.Ok).ToList();
        var slowestHub = hubAttempts.Count == 0 ? 0 : hubAttempts.Max(a => a.Seconds);
        var unacknowledged = ledger.Writes.Count(w => !w.Acknowledged);

        Report.Figure("outage", string.Create(CultureInfo.InvariantCulture, $"Redis stopped at {stoppedAt:0.0} s, answering again at {upAt:0.0} s"));
        Report.Figure("hub sends", string.Create(CultureInfo.InvariantCulture,
            $"{ledger.Writes.Count} messages, {hubAttempts.Count} attempts, {ledger.Writes.Count(w => w.Acknowledged)} acknowledged; failed attempts {hubFailures.Count} ({Stats.Counts(hubFailures.Select(f => f.Error!))}), first ended {Stats.Seconds(hubFailures.MinBy(f => f.End)?.End)}, last {Stats.Seconds(hubFailures.MaxBy(f => f.End)?.End)}"));
        Report.Figure("hub send time", $"p50 {Stats.Milliseconds(hubAttempts.Select(a => TimeSpan.FromSeconds(a.Seconds)), 0.5)}, p99 {Stats.Milliseconds(hubAttempts.Select(a => TimeSpan.FromSeconds(a.Seconds)), 0.99)}, max {Stats.Seconds(slowestHub)}; slowest: {Stats.Slowest(hubAttempts)}");
        Report.Figure("REST requests", $"{rest.Count} ({Stats.Counts(rest.Select(r => r.Name))}); answers {Stats.Counts(rest.Select(r => r.Outcome.Status))}");
        Report.Figure("sync", string.Create(CultureInfo.InvariantCulture,
            $"{users.Length} clients synced between {syncStarted:0.0} s and {syncedAt:0.0} s ({syncedAt - upAt:0.0} s after Redis returned), {expected.Values.Sum(v => v.Count)} messages stored, missing {missing}"));
        Report.Figure("live delivery after Redis returned", $"{lateDelivered} of {late.Count} messages acknowledged from 5 s after its return reached the partner's socket");
        Report.Figure("clients that lost their connection", hubs.Count(h => h.Reconnecting > 0).ToString(CultureInfo.InvariantCulture));
        Report.Figure("host log errors", $"WebApi {api.Errors.Count}, ChatHostA {chatA.Errors.Count}, ChatHostB {chatB.Errors.Count}");

        Report.Check("REST error rate", restErrors.Count == 0,
            restErrors.Count == 0 ? $"0 of {rest.Count}" : $"{restErrors.Count} of {rest.Count}, e.g. {string.Join("; ", restErrors.Take(3).Select(e => $"{e.Name}: {e.Outcome}"))}");
        Report.Check("every hub send succeeded or failed within 5 s", slowestHub <= 5, $"slowest {slowestHub:0.00} s");
        Report.Check("persisted messages lost", lost == 0 && wrongIds == 0, lost.ToString(CultureInfo.InvariantCulture));
        Report.Check("messages stored twice", duplicated == 0, duplicated.ToString(CultureInfo.InvariantCulture));
        Report.Check("every send acknowledged in the end", unacknowledged == 0, unacknowledged.ToString(CultureInfo.InvariantCulture));
        Report.Check("every client has every message after sync, within 30 s of Redis returning", missing == 0 && syncFailed == 0 && syncedAt - upAt <= 30,
            string.Create(CultureInfo.InvariantCulture, $"missing {missing}, failed syncs {syncFailed}, done {syncedAt - upAt:0.0} s after"));
        Report.Check("live delivery resumed by itself", late.Count > 0 && lateDelivered == late.Count, $"{lateDelivered} of {late.Count}");
        Report.Check("hosts not restarted", !api.HasExited && !chatA.HasExited && !chatB.HasExited && (api.Pid, chatA.Pid, chatB.Pid) == pids,
            $"{(api.HasExited || chatA.HasExited || chatB.HasExited ? "a host exited" : "all three running, same pids")}");
        await Clients.DisposeAllAsync(hubs);
    }

    /// <summary>A REST client: reads and writes that touch Redis (rate limits, real-time notification) and that do not.</summary>
    private static async Task RestLoopAsync(
        int worker, ApiClient api, TestUser user, Guid conversation, IReadOnlyList<Guid> listings, string prefix,
        ConcurrentBag<(string, Outcome)> results, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var (name, outcome) = (n % 5) switch
            {
                0 => ("conversations", await api.SendAsync(HttpMethod.Get, "/api/chat/conversations?limit=20", user.Token)),
                1 => ("search", await api.SendAsync(HttpMethod.Get, "/api/listings?limit=20", null)),
                2 => ("send (REST)", await api.SendAsync(HttpMethod.Post, $"/api/chat/conversations/{conversation}/messages", user.Token,
                    new { content = "over REST", client_message_id = string.Create(CultureInfo.InvariantCulture, $"{prefix}rest-{worker}-{n}") })),
                3 => ("favorite", await api.SendAsync(HttpMethod.Post, $"/api/users/{user.Id}/interests/{listings[(worker * 31 + n) % listings.Count]}", user.Token)),
                _ => ("listing", await api.SendAsync(HttpMethod.Get, $"/api/listings/{listings[n % listings.Count]}", user.Token)),
            };
            results.Add((name, outcome));
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
