using System.Globalization;

namespace Homelette.Chaos.Faults;

/// <summary>
/// Fault 1: MariaDB killed (SIGKILL) and started again after 5 s while 200 clients write: half send messages over
/// REST, half over the hub, all add favorites; every write carries its client id and is retried until acknowledged.
/// Goals: 0 acknowledged writes lost, 0 duplicates, errors only inside the outage plus 10 s, failures answered fast,
/// and the hosts never restarted.
/// </summary>
internal static class DbKill
{
    public static async Task RunAsync(Lab lab)
    {
        const string Fault = "db-kill";
        Report.Heading("Fault 1: MariaDB killed (kill -9) and restarted after 5 s under 200 writing clients");
        await using var api = await lab.StartApiAsync(Fault);
        await using var chat = await lab.StartChatHostAsync(Fault, lab.ChatHostAUrl, "ChatHost");
        var (apiPid, chatPid) = (api.Pid, chat.Pid);
        using var client = new ApiClient(lab.ApiUrl, TimeSpan.FromSeconds(30));
        var users = lab.Users.Take(Options.KillClients).ToArray();
        var conversations = await Clients.PairUpAsync(client, users);
        var hubs = await Clients.ConnectAsync(lab.ChatHostAUrl, users.Where((_, i) => i % 2 == 1));
        var prefix = $"chaos-kill-{Environment.ProcessId}-";
        var ledger = new Ledger();

        Report.Restart();
        using var stop = new CancellationTokenSource();
        var workers = users.Select((user, i) => Task.Run(() => Clients.WriteLoopAsync(
            i, user, users[i ^ 1], conversations[i / 2], i % 2 == 1 ? hubs[i / 2] : null, client, lab.Listings, prefix, ledger, TimeSpan.FromSeconds(1), stop.Token))).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(5));
        var killedAt = Report.Now;
        await lab.Stack.KillMariaDbAsync();
        Report.Line("MariaDB killed");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var restartAt = Report.Now;
        await lab.Stack.UpAsync();
        var upAt = Report.Now;
        Report.Line($"MariaDB started again (build/stack.sh up took {upAt - restartAt:0.0} s)");
        await Task.Delay(TimeSpan.FromSeconds(20));
        stop.Cancel();
        var stopAt = Report.Now;
        await Task.WhenAll(workers);
        Report.Line($"clients stopped; the last writes in flight finished {Report.Now - stopAt:0.0} s later");

        var (lostMessages, duplicateMessages, wrongIds) = await ledger.CheckMessagesAsync(lab.ConnectionString, prefix);
        var (lostFavorites, duplicateFavorites) = await ledger.CheckFavoritesAsync(lab.ConnectionString);
        var failures = ledger.Failures.ToList();
        var acknowledged = ledger.Writes.Count(w => w.Acknowledged);
        var unacknowledged = ledger.Writes.Count(w => !w.Acknowledged);
        var outsideWindow = failures.Where(f => f.End < killedAt || f.End > upAt + 10).ToList();

        Report.Figure("outage", string.Create(CultureInfo.InvariantCulture, $"killed at {killedAt:0.0} s, start-up begun at {restartAt:0.0} s, answering at {upAt:0.0} s"));
        Report.Figure("writes", string.Create(CultureInfo.InvariantCulture,
            $"{ledger.Writes.Count} ({Stats.Counts(ledger.Writes.Select(w => w.Kind))}), {ledger.Requests} requests, {acknowledged} acknowledged, {unacknowledged} unacknowledged at the end"));
        Report.Figure("errors", string.Create(CultureInfo.InvariantCulture,
            $"{failures.Count} ({Stats.Counts(failures.Select(f => f.Error!))}); first ended at {Stats.Seconds(failures.MinBy(f => f.End)?.End)}, last at {Stats.Seconds(failures.MaxBy(f => f.End)?.End)}"));
        Report.Figure("failed attempts took", $"p50 {Stats.Milliseconds(failures.Select(f => TimeSpan.FromSeconds(f.Seconds)), 0.5)}, max {Stats.Milliseconds(failures.Select(f => TimeSpan.FromSeconds(f.Seconds)), 1)}; slowest: {Stats.Slowest(failures)}");
        Report.Figure("hub clients", $"{hubs.Length}; {hubs.Count(h => h.Reconnecting > 0)} lost their connection (a connect handler that met the outage), {hubs.Count(h => h.State != Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected)} not connected at the end");
        Report.Figure("host log errors", $"WebApi {api.Errors.Count}, ChatHost {chat.Errors.Count} (logs: {lab.LogFile(Fault, "webapi")}, ...)");

        Report.Check("acknowledged messages lost", lostMessages == 0, lostMessages.ToString(CultureInfo.InvariantCulture));
        Report.Check("acknowledged favorites lost", lostFavorites == 0, lostFavorites.ToString(CultureInfo.InvariantCulture));
        Report.Check("messages stored twice", duplicateMessages == 0 && wrongIds == 0, $"{duplicateMessages} (acknowledged with another message's id: {wrongIds})");
        Report.Check("favorites stored twice", duplicateFavorites == 0, duplicateFavorites.ToString(CultureInfo.InvariantCulture));
        Report.Check("every write acknowledged in the end", unacknowledged == 0, unacknowledged.ToString(CultureInfo.InvariantCulture));
        Report.Check("errors only inside the outage plus 10 s", outsideWindow.Count == 0,
            outsideWindow.Count == 0 ? $"{failures.Count} errors, all between {killedAt:0.0} s and {upAt + 10:0.0} s"
                : $"{outsideWindow.Count} outside, e.g. {string.Join("; ", outsideWindow.Take(3))}");
        Report.Check("no 500 among the errors", failures.All(f => f.Error != "500"), Stats.Counts(failures.Select(f => f.Error!)));
        var slowest = failures.Count == 0 ? 0 : failures.Max(f => f.Seconds);
        Report.Check("failures answered within 10 s (fail fast, no hang)", slowest <= 10, Stats.Seconds(slowest));
        Report.Check("hosts not restarted", !api.HasExited && !chat.HasExited && api.Pid == apiPid && chat.Pid == chatPid,
            $"WebApi pid {api.Pid} {(api.HasExited ? "exited" : "running")}, ChatHost pid {chat.Pid} {(chat.HasExited ? "exited" : "running")}");
        await Clients.DisposeAllAsync(hubs);
    }
}
