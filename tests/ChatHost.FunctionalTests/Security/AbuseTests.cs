using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Homelette.ChatHost.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Homelette.ChatHost.FunctionalTests.Security;

/// <summary>What a hostile client does to the hub: floods it with sends, and sends a message far over the size limit.</summary>
[Trait("Category", "Chaos")]
public sealed class AbuseTests(ChatFixture fixture, ITestOutputHelper output) : ChatTestBase(fixture)
{
    private const int Allowed = 30;

    private Task<int> MessagesFromAsync(ChatUser sender) =>
        Fixture.QueryAsync(db => db.Messages.CountAsync(m => m.SenderId == sender.Id));

    private static async Task ShouldBeReadyAsync(ChatFixture.ChatHostFactory instance, string when)
    {
        using var response = await instance.CreateClient().GetAsync("/health/ready");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"/health/ready {when}");
    }

    [Fact]
    public async Task ShouldRefuseTheFloodAsRateLimited_WhileTheServerStaysReadyAndOthersStillSend()
    {
        const int connections = 8;
        const int sendsPerConnection = 40;
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var carol = await SignUpAsync("Carol");
        var flooded = await DirectAsync(ann, bob);
        var quiet = await DirectAsync(carol, bob);
        var floods = new List<RecordingConnection>();
        for (var i = 0; i < connections; i++)
        {
            floods.Add(await ConnectAsync(ann, i % 2 == 0 ? Fixture.InstanceA : Fixture.InstanceB));
        }

        var carolConnection = await ConnectAsync(carol, Fixture.InstanceA);
        var bobConnection = await ConnectAsync(bob, Fixture.InstanceB);

        var floodClock = Stopwatch.StartNew();

        // Every send of the flood is on the wire at once: eight connections, forty invocations queued on each.
        var flood = floods.SelectMany(c => Enumerable.Range(0, sendsPerConnection).Select(async n =>
        {
            try
            {
                await c.Connection.InvokeAsync<JsonElement>("conversation_message", new { conversation_id = flooded, content = $"Spam {n}" });
                return "stored";
            }
            catch (HubException ex)
            {
                // SignalR's message: "An unexpected error occurred invoking '…' on the server. HubException: <code>: <text>".
                return ex.Message.Contains("HubException: rate_limited:", StringComparison.Ordinal) ? "rate_limited" : ex.Message;
            }
        })).ToList();

        // Meanwhile: both instances stay ready, and another user's sends go through and arrive.
        var duringFlood = 0;
        for (var i = 0; i < 5; i++)
        {
            await ShouldBeReadyAsync(Fixture.InstanceA, $"during the flood ({i})");
            await ShouldBeReadyAsync(Fixture.InstanceB, $"during the flood ({i})");
            var clock = Stopwatch.StartNew();
            var sent = await carolConnection.Connection.InvokeAsync<JsonElement>(
                "conversation_message", new { conversation_id = quiet, content = $"Still here {i}" });
            output.WriteLine($"Carol's send {i}: {clock.ElapsedMilliseconds} ms, {flood.Count(t => t.IsCompleted)} of {flood.Count} flood sends answered");
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "another user's send is not held up by the flood");
            sent.GetProperty("sender_id").GetGuid().ShouldBe(carol.Id);
            if (flood.Any(t => !t.IsCompleted))
            {
                duringFlood++;
            }
        }

        var outcomes = await Task.WhenAll(flood);
        output.WriteLine($"The flood of {flood.Count} sends was answered in {floodClock.ElapsedMilliseconds} ms");

        duringFlood.ShouldBeGreaterThan(0, "the other user's sends should overlap the flood");
        outcomes.Count(o => o == "stored").ShouldBe(Allowed);
        outcomes.Where(o => o != "stored").ShouldAllBe(o => o == "rate_limited");
        // Each refusal also came as an `error` event (the client may run the last handlers just after the calls end).
        var errors = new List<JsonElement>();
        await WaitUntilAsync(() =>
        {
            errors.AddRange(floods.SelectMany(c => c.Drain("error")));
            return errors.Count >= (connections * sendsPerConnection) - Allowed;
        });
        errors.Count.ShouldBe((connections * sendsPerConnection) - Allowed);
        errors.ShouldAllBe(e => e.GetProperty("code").GetString() == "rate_limited");
        (await MessagesFromAsync(ann)).ShouldBe(Allowed);
        (await MessagesFromAsync(carol)).ShouldBe(5);
        var fromCarol = new List<JsonElement>();
        while (fromCarol.Count < 5)
        {
            var received = await bobConnection.NextAsync("private_message");
            if (received.GetProperty("sender_id").GetGuid() == carol.Id)
            {
                fromCarol.Add(received);
            }
        }

        fromCarol.Select(m => m.GetProperty("content").GetString()).ShouldBe(Enumerable.Range(0, 5).Select(i => $"Still here {i}"));
        await ShouldBeReadyAsync(Fixture.InstanceA, "after the flood");
        await ShouldBeReadyAsync(Fixture.InstanceB, "after the flood");
    }

    [Fact]
    public async Task ShouldRefuseA40KilobyteMessageAndStoreNothing_WhileTheServerAndOtherConnectionsStayHealthy()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var conversation = await DirectAsync(ann, bob);
        var annConnection = await ConnectAsync(ann, Fixture.InstanceA);
        var annOther = await ConnectAsync(ann, Fixture.InstanceA);
        var bobConnection = await ConnectAsync(bob, Fixture.InstanceA);
        var huge = new string('x', 40 * 1024);

        await Should.ThrowAsync<Exception>(() => annConnection.Connection.InvokeAsync<JsonElement>(
            "conversation_message", new { conversation_id = conversation, content = huge, client_message_id = "huge" }));

        (await Fixture.QueryAsync(db => db.Messages.CountAsync())).ShouldBe(0, "nothing of the 40 KB message is stored");
        (await bobConnection.QuietAsync("private_message")).ShouldBeEmpty();
        await ShouldBeReadyAsync(Fixture.InstanceA, "after the 40 KB message");

        // The server goes on: the sender's other connection and the other user's connection on the same instance still
        // send and receive, and the sender can connect again (SignalR closes the one connection that sent too much).
        var fromBob = await bobConnection.Connection.InvokeAsync<JsonElement>("conversation_message", new { conversation_id = conversation, content = "Still there?" });
        (await annOther.NextAsync("private_message")).GetProperty("id").GetGuid().ShouldBe(fromBob.GetProperty("id").GetGuid());
        var fromAnnOther = await annOther.Connection.InvokeAsync<JsonElement>("conversation_message", new { conversation_id = conversation, content = "Yes" });
        var again = await ConnectAsync(ann, Fixture.InstanceA);
        var fromAnnAgain = await again.Connection.InvokeAsync<JsonElement>(
            "conversation_message", new { conversation_id = conversation, content = "A normal message", client_message_id = "huge" });
        fromAnnAgain.GetProperty("content").GetString().ShouldBe("A normal message", "the refused message's client_message_id was never used");
        (await bobConnection.NextAsync("private_message")).GetProperty("id").GetGuid().ShouldBe(fromAnnOther.GetProperty("id").GetGuid());
        var stored = await Fixture.QueryAsync(db => db.Messages.AsNoTracking().Select(m => m.Content!.Length).ToListAsync());
        stored.Count.ShouldBe(3);
        stored.ShouldAllBe(length => length < 100);
    }
}
