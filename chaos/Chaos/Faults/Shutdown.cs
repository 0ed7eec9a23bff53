using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Homelette.Chaos.Faults;

/// <summary>
/// Fault 4: graceful shutdown. SIGTERM to the WebApi while 100 requests are in flight (their bodies still arriving):
/// all complete, and it exits with 0. SIGTERM to one of two ChatHosts behind a load balancer while its clients chat:
/// they reconnect by themselves to the other and, after sync, miss nothing.
/// </summary>
internal static class Shutdown
{
    private const int InFlight = 100;

    public static async Task RunAsync(Lab lab)
    {
        await WebApiAsync(lab);
        await ChatHostAsync(lab);
    }

    private static async Task WebApiAsync(Lab lab)
    {
        const string Fault = "shutdown-webapi";
        Report.Heading("Fault 4a: SIGTERM to the WebApi with 100 requests in flight");
        await using var api = await lab.StartApiAsync(Fault);
        using var client = new ApiClient(lab.ApiUrl, TimeSpan.FromSeconds(60));
        var title = $"chaos shutdown {Environment.ProcessId}";
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = new CountdownEvent(InFlight);
        Report.Restart();
        var requests = Enumerable.Range(0, InFlight).Select(i =>
        {
            var user = lab.Users[i % lab.Users.Count];
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/listings", UriKind.Relative))
            {
                Content = new HalfNowHalfLater(Encoding.UTF8.GetBytes(Listing($"{title} {i}").ToJsonString()), sent, release.Task),
            };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Authorization = new("Bearer", user.Token);
            return Task.Run(() => client.SendAsync(request));
        }).ToArray();

        if (!sent.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"only {InFlight - sent.CurrentCount} of {InFlight} requests started");
        }

        // Every request's headers and half its body are on the server: all 100 are in flight.
        await Task.Delay(500);
        var termAt = Report.Now;
        api.Terminate();
        Report.Line($"SIGTERM sent to the WebApi (pid {api.Pid}) with {InFlight} requests in flight");
        await Task.Delay(1000);
        release.SetResult();
        var outcomes = await Task.WhenAll(requests);
        var exited = await api.WaitForExitAsync(TimeSpan.FromSeconds(45));
        var exitAt = Report.Now;
        var stored = await lab.Stack.ScalarAsync(Lab.Database, $"SELECT COUNT(*) FROM listings WHERE Title LIKE '{title} %'");

        Report.Figure("requests", $"{outcomes.Length}: {Stats.Counts(outcomes.Select(o => o.Status))}; took p50 {Stats.Milliseconds(outcomes.Select(o => o.Elapsed), 0.5)}, max {Stats.Milliseconds(outcomes.Select(o => o.Elapsed), 1)}");
        Report.Figure("listings stored", stored);
        Report.Figure("WebApi exit", exited ? string.Create(CultureInfo.InvariantCulture, $"code {api.ExitCode}, {exitAt - termAt:0.0} s after SIGTERM") : "still running after 45 s");
        Report.Check("every in-flight request completed (201)", outcomes.All(o => o.Status == 201), Stats.Counts(outcomes.Select(o => o.Status)));
        Report.Check("every completed request stored once", stored == InFlight, $"{stored} of {InFlight}");
        Report.Check("the WebApi exited with code 0", exited && api.ExitCode == 0, exited ? $"exit code {api.ExitCode}" : "did not exit");
    }

    private static async Task ChatHostAsync(Lab lab)
    {
        const string Fault = "shutdown-chathost";
        Report.Heading("Fault 4b: SIGTERM to one of two ChatHosts behind a load balancer");
        await using var api = await lab.StartApiAsync(Fault);
        await using var chatA = await lab.StartChatHostAsync(Fault, lab.ChatHostAUrl, "ChatHostA");
        await using var chatB = await lab.StartChatHostAsync(Fault, lab.ChatHostBUrl, "ChatHostB");
        await using var balancer = new Balancer(lab.BalancerUrl, [lab.ChatHostAUrl, lab.ChatHostBUrl]);
        using var client = new ApiClient(lab.ApiUrl, TimeSpan.FromSeconds(30));
        var users = lab.Users.Take(lab.Options.ChatClients).ToArray();
        var conversations = await Clients.PairUpAsync(client, users);
        var hubs = await Clients.ConnectAsync(lab.BalancerUrl, users);
        var prefix = $"chaos-term-{Environment.ProcessId}-";
        var ledger = new Ledger();

        Report.Restart();
        using var stop = new CancellationTokenSource();
        var senders = users.Select((user, i) => Task.Run(() => Clients.HubSendLoopAsync(i, hubs[i], users[i ^ 1], prefix, ledger, TimeSpan.FromSeconds(1), stop.Token))).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var termAt = Report.Now;
        chatA.Terminate();
        Report.Line($"SIGTERM sent to ChatHostA (pid {chatA.Pid})");
        var exited = await chatA.WaitForExitAsync(TimeSpan.FromSeconds(45));
        var exitAt = Report.Now;
        Report.Line(exited ? $"ChatHostA exited with code {chatA.ExitCode}" : "ChatHostA still running after 45 s");

        // Its clients reconnect (through the balancer, to B); wait for all, at most 30 s after the exit.
        var deadline = exitAt + 30;
        while (Report.Now < deadline && hubs.Any(h => h.State != Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected))
        {
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        stop.Cancel();
        await Task.WhenAll(senders);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var dropped = hubs.Where(h => h.Reconnecting > 0).ToList();
        var back = dropped.Where(h => h.State == Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected && h.Reconnected > 0).ToList();
        var reconnectTimes = back.Select(h => TimeSpan.FromSeconds(h.LastReconnectAt!.Value - termAt)).ToList();
        var expected = await Clients.MessagesByConversationAsync(lab.ConnectionString, conversations);
        var (missing, syncFailed) = await Clients.MissingAfterSyncAsync(client, users, hubs, conversations, expected);
        var (lost, duplicated, wrongIds) = await ledger.CheckMessagesAsync(lab.ConnectionString, prefix);
        var failures = ledger.Failures.ToList();
        var unacknowledged = ledger.Writes.Count(w => !w.Acknowledged);

        Report.Figure("ChatHostA exit", exited ? string.Create(CultureInfo.InvariantCulture, $"code {chatA.ExitCode}, {exitAt - termAt:0.0} s after SIGTERM") : "did not exit");
        Report.Figure("clients", $"{hubs.Length} through the balancer; {dropped.Count} lost their connection, {back.Count} of them reconnected (to ChatHostB) after p50 {Stats.Milliseconds(reconnectTimes, 0.5)}, max {Stats.Milliseconds(reconnectTimes, 1)} from SIGTERM");
        Report.Figure("sends", string.Create(CultureInfo.InvariantCulture,
            $"{ledger.Writes.Count} messages, {ledger.Requests} attempts, {ledger.Writes.Count(w => w.Acknowledged)} acknowledged; failed attempts {failures.Count} ({Stats.Counts(failures.Select(f => f.Error!))})"));
        Report.Figure("after sync", $"{expected.Values.Sum(v => v.Count)} messages stored, missing {missing}, failed syncs {syncFailed}");
        Report.Figure("host log errors", $"WebApi {api.Errors.Count}, ChatHostA {chatA.Errors.Count}, ChatHostB {chatB.Errors.Count}");
        Report.Check("ChatHostA exited with code 0", exited && chatA.ExitCode == 0, exited ? $"exit code {chatA.ExitCode}" : "did not exit");
        Report.Check("its clients reconnected by themselves to the other instance", dropped.Count > 0 && back.Count == dropped.Count,
            $"{back.Count} of {dropped.Count}");
        Report.Check("after sync, every client has every message", missing == 0 && syncFailed == 0, $"missing {missing}, failed syncs {syncFailed}");
        Report.Check("acknowledged messages lost", lost + wrongIds == 0, lost.ToString(CultureInfo.InvariantCulture));
        Report.Check("messages stored twice", duplicated == 0, duplicated.ToString(CultureInfo.InvariantCulture));
        Report.Check("every send acknowledged in the end", unacknowledged == 0, unacknowledged.ToString(CultureInfo.InvariantCulture));
        Report.Check("ChatHostB and the WebApi kept running", !chatB.HasExited && !api.HasExited, chatB.HasExited || api.HasExited ? "one exited" : "both running");
        await Clients.DisposeAllAsync(hubs);
    }

    private static JsonObject Listing(string title) => new()
    {
        ["address"] = new JsonObject
        {
            ["street_address"] = "6500 Del Playa Dr",
            ["city"] = "Isla Vista",
            ["state"] = "CA",
            ["zip_code"] = "93117",
            ["latitude"] = 34.4133,
            ["longitude"] = -119.8610,
        },
        ["property"] = new JsonObject { ["property_type"] = "apartment", ["bedrooms"] = 2, ["bathrooms"] = 1.5m, ["area"] = 800 },
        ["listing"] = new JsonObject
        {
            ["title"] = title,
            ["description"] = "Posted while the WebApi was being stopped.",
            ["price"] = 950m,
            ["start_date"] = "2027-01-01",
            ["end_date"] = "2027-06-30",
            ["roommates"] = 1,
        },
    };

    /// <summary>A JSON body sent in two halves: the first at once, the second when <paramref name="release"/> completes.</summary>
    private sealed class HalfNowHalfLater(byte[] body, CountdownEvent sent, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = body.Length / 2;
            await stream.WriteAsync(body.AsMemory(0, half));
            await stream.FlushAsync();
            sent.Signal();
            await release;
            await stream.WriteAsync(body.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
