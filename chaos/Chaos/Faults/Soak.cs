using System.Collections.Concurrent;
using System.Globalization;

namespace Homelette.Chaos.Faults;

/// <summary>
/// Fault 5: the soak. 1,000 hub connections chatting (each a message about every 30 s) and steady REST load for
/// SOAK_MINUTES. Goals: the hosts' memory drifts less than 10% from early in the run to its end, and once the clients
/// are gone the connection counts (hub sockets, Redis clients) are back at their baseline and MariaDB's did not grow.
/// </summary>
internal static class Soak
{
    private const double MaxDrift = 0.10;

    /// <summary>Shorter soaks (make test's 1-minute one) print the drift but do not judge it.</summary>
    private const double MinutesToJudgeDrift = 10;

    public static async Task RunAsync(Lab lab)
    {
        const string Fault = "soak";
        var minutes = lab.Options.SoakSteadyMinutes;
        var connections = lab.Options.SoakHubConnections;
        Report.Heading(string.Create(CultureInfo.InvariantCulture, $"Fault 5: soak, {connections} hub connections and steady REST load for {minutes:0.#} min"));
        await using var api = await lab.StartApiAsync(Fault);
        await using var chat = await lab.StartChatHostAsync(Fault, lab.ChatHostAUrl, "ChatHost");
        using var client = new ApiClient(lab.ApiUrl, TimeSpan.FromSeconds(30));
        var users = lab.Users.Take(connections).ToArray();
        var restUsers = lab.Users.Skip(connections).Take(4).ToArray();
        var conversations = await Clients.PairUpAsync(client, users);
        // Warm up first: the hosts open some connections (Redis backplane, pools) only on first use, and keep them.
        var warmUp = await ChatClient.ConnectAsync(lab.ChatHostAUrl, users[0]);
        await warmUp.SendPrivateAsync(users[1].Id, $"chaos-soak-warm-up-{Environment.ProcessId}", TimeSpan.FromSeconds(30));
        await client.SendAsync(HttpMethod.Get, "/api/listings?limit=20", null);
        // A REST send makes the WebApi publish through the backplane, whose Redis connections it opens on first use.
        await client.SendAsync(HttpMethod.Post, $"/api/chat/conversations/{conversations[0]}/messages", users[0].Token,
            new { content = "warm-up over REST", client_message_id = $"chaos-soak-warm-up-rest-{Environment.ProcessId}" });
        await warmUp.DisposeAsync();
        await WaitForAsync(lab, api, chat, before: null, TimeSpan.FromSeconds(30));
        var before = await CountAsync(lab, api, chat);
        Report.Line($"baseline: {before}");

        Report.Restart();
        var hubs = await Clients.ConnectAsync(lab.ChatHostAUrl, users);
        var connected = Report.Now;
        Report.Line($"{hubs.Length} hub connections open in {connected:0.0} s");
        var samples = new ConcurrentQueue<Sample>();
        var ledger = new Ledger();
        var rest = new ConcurrentBag<Outcome>();
        var prefix = $"chaos-soak-{Environment.ProcessId}-";
        using var stop = new CancellationTokenSource();
        var steadyStart = Report.Now;
        var steadyEnd = steadyStart + (minutes * 60);
        var tasks = new List<Task>();
        tasks.AddRange(users.Select((user, i) => Task.Run(() => Clients.HubSendLoopAsync(i, hubs[i], users[i ^ 1], prefix, ledger, TimeSpan.FromSeconds(30), stop.Token))));
        tasks.AddRange(restUsers.Select((user, w) => Task.Run(() => RestLoopAsync(w, client, user, lab.Listings, rest, stop.Token))));
        var sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                samples.Enqueue(new Sample(Report.Now, api.ResidentKilobytes ?? 0, chat.ResidentKilobytes ?? 0, await lab.Stack.MariaDbConnectionsAsync()));
                await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(minutes * 60 / 60, 2, 10)), CancellationToken.None);
            }
        });

        var lastNote = Report.Now;
        while (Report.Now < steadyEnd)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (Report.Now - lastNote >= 300)
            {
                lastNote = Report.Now;
                var s = samples.Last();
                Report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{(Report.Now - steadyStart) / 60:0} min: {ledger.Writes.Count} messages, {rest.Count} REST requests, RSS WebApi {s.ApiKb / 1024} MiB, ChatHost {s.ChatKb / 1024} MiB, MariaDB connections {s.MariaDb}"));
            }
        }

        stop.Cancel();
        await Task.WhenAll(tasks);
        await sampling;
        var during = await CountAsync(lab, api, chat);
        await Clients.DisposeAllAsync(hubs);
        var closedAt = Report.Now;
        var after = await WaitForAsync(lab, api, chat, before, TimeSpan.FromSeconds(90));
        var settledIn = Report.Now - closedAt;

        // Memory early in the steady phase (20-35% in: caches and pools filled) against its last 15%, medians of the samples.
        var list = samples.ToList();
        var early = list.Where(s => s.At >= steadyStart + (0.2 * minutes * 60) && s.At <= steadyStart + (0.35 * minutes * 60)).ToList();
        var late = list.Where(s => s.At >= steadyEnd - (0.15 * minutes * 60)).ToList();
        var apiDrift = Drift(early.Select(s => s.ApiKb), late.Select(s => s.ApiKb));
        var chatDrift = Drift(early.Select(s => s.ChatKb), late.Select(s => s.ChatKb));
        var maxMariaDb = list.Count == 0 ? 0 : list.Max(s => s.MariaDb);
        var failures = ledger.Failures.ToList();
        var restErrors = rest.Count(o => !o.Ok);
        var (lost, duplicated, wrongIds) = await ledger.CheckMessagesAsync(lab.ConnectionString, prefix);

        Report.Figure("load", string.Create(CultureInfo.InvariantCulture,
            $"{ledger.Writes.Count} hub messages ({ledger.Writes.Count / (minutes * 60):0.0}/s), {rest.Count} REST requests ({rest.Count / (minutes * 60):0.0}/s), REST answers {Stats.Counts(rest.Select(o => o.Status))}, failed hub attempts {failures.Count}"));
        Report.Figure("RSS WebApi (KiB)", $"early {Median(early.Select(s => s.ApiKb))}, late {Median(late.Select(s => s.ApiKb))}, drift {apiDrift:P1}; samples {string.Join(" ", Thin(list).Select(s => s.ApiKb / 1024))} MiB");
        Report.Figure("RSS ChatHost (KiB)", $"early {Median(early.Select(s => s.ChatKb))}, late {Median(late.Select(s => s.ChatKb))}, drift {chatDrift:P1}; samples {string.Join(" ", Thin(list).Select(s => s.ChatKb / 1024))} MiB");
        Report.Figure("connections before / during / after", string.Create(CultureInfo.InvariantCulture,
            $"{before} / {during} / {after} ({settledIn:0} s after the clients closed); MariaDB at most {maxMariaDb} during the run"));
        Report.Figure("host log errors", $"WebApi {api.Errors.Count}, ChatHost {chat.Errors.Count}");

        if (minutes >= MinutesToJudgeDrift)
        {
            Report.Check("WebApi memory drift under 10%", Math.Abs(apiDrift) < MaxDrift, apiDrift.ToString("P1", CultureInfo.InvariantCulture));
            Report.Check("ChatHost memory drift under 10%", Math.Abs(chatDrift) < MaxDrift, chatDrift.ToString("P1", CultureInfo.InvariantCulture));
        }
        else
        {
            // A minute shows the heap growing into its working size, not drift: judged by make soak (30 min).
            Report.Figure("memory drift", string.Create(CultureInfo.InvariantCulture,
                $"not judged in a soak under {MinutesToJudgeDrift} min (WebApi {apiDrift:P1}, ChatHost {chatDrift:P1})"));
        }

        Report.Check("hub sockets back to baseline", after.HubSockets <= before.HubSockets, $"{before.HubSockets} → {during.HubSockets} → {after.HubSockets}");
        Report.Check("Redis clients back to baseline", after.RedisClients <= before.RedisClients, $"{before.RedisClients} → {during.RedisClients} → {after.RedisClients}");
        Report.Check("MariaDB connections back to baseline (idle pooled ones closed, none leaked)", after.MariaDb <= before.MariaDb,
            $"{before.MariaDb} → {during.MariaDb} (at most {maxMariaDb}) → {after.MariaDb}");
        Report.Check("no errors under steady load", restErrors == 0 && failures.Count == 0 && lost + duplicated + wrongIds == 0,
            $"REST errors {restErrors}, failed hub attempts {failures.Count}, lost {lost}, duplicated {duplicated}");
        Report.Check("no host error logged", api.Errors.Count == 0 && chat.Errors.Count == 0, $"WebApi {api.Errors.Count}, ChatHost {chat.Errors.Count}");
    }

    /// <summary>Polls the counts until none is above <paramref name="before"/> (or, without it, until they stop falling), at most <paramref name="limit"/>.</summary>
    private static async Task<Counts> WaitForAsync(Lab lab, HostProcess api, HostProcess chat, Counts? before, TimeSpan limit)
    {
        var deadline = Report.Now + limit.TotalSeconds;
        var last = await CountAsync(lab, api, chat);
        while (Report.Now < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = await CountAsync(lab, api, chat);
            var settled = before is null
                ? now.HubSockets == last.HubSockets && now.RedisClients == last.RedisClients && now.MariaDb == last.MariaDb
                : now.HubSockets <= before.HubSockets && now.RedisClients <= before.RedisClients && now.MariaDb <= before.MariaDb;
            last = now;
            if (settled)
            {
                break;
            }
        }

        return last;
    }

    private static async Task<Counts> CountAsync(Lab lab, HostProcess api, HostProcess chat) => new(
        ProcessStats.EstablishedTo(lab.ChatHostAUrl.Port),
        await lab.Stack.RedisClientsAsync(),
        await lab.Stack.MariaDbConnectionsAsync(),
        ProcessStats.Sockets(api.Pid),
        ProcessStats.Sockets(chat.Pid));

    private static double Drift(IEnumerable<long> early, IEnumerable<long> late)
    {
        var start = Median(early);
        return start == 0 ? double.PositiveInfinity : (Median(late) - start) / (double)start;
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static IEnumerable<Sample> Thin(List<Sample> samples) => samples.Where((_, i) => i % Math.Max(1, samples.Count / 12) == 0);

    private static async Task RestLoopAsync(int worker, ApiClient api, TestUser user, IReadOnlyList<Guid> listings, ConcurrentBag<Outcome> results, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var listing = listings[(worker * 37 + n) % listings.Count];
            results.Add((n % 5) switch
            {
                0 => await api.SendAsync(HttpMethod.Get, "/api/listings?limit=20&sort=price_asc", null),
                1 => await api.SendAsync(HttpMethod.Get, $"/api/listings/{listing}", user.Token),
                2 => await api.SendAsync(HttpMethod.Get, "/api/chat/conversations?limit=20", user.Token),
                // Saved on one round and removed on the next, so the favorites do not pile up.
                3 when n % 10 == 3 => await api.SendAsync(HttpMethod.Post, $"/api/users/{user.Id}/interests/{listing}", user.Token),
                3 => await api.SendAsync(HttpMethod.Delete, $"/api/users/{user.Id}/interests/{listings[(worker * 37 + n - 5) % listings.Count]}", user.Token),
                _ => await api.SendAsync(HttpMethod.Get, $"/api/users/{user.Id}/interests?limit=20", user.Token),
            });
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private sealed record Sample(double At, long ApiKb, long ChatKb, long MariaDb);

    private sealed record Counts(int HubSockets, long RedisClients, long MariaDb, int ApiSockets, int ChatSockets)
    {
        public override string ToString() =>
            $"hub sockets {HubSockets}, Redis clients {RedisClients}, MariaDB connections {MariaDb}, WebApi sockets {ApiSockets}, ChatHost sockets {ChatSockets}";
    }
}
