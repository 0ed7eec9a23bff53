using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Homelette.ChatHost.FunctionalTests.Infrastructure;
using Homelette.Client;
using Homelette.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Homelette.ChatHost.FunctionalTests.Platform;

/// <summary>
/// A WebApi whose way to Redis goes through a proxy the test cuts: Redis is out of that host's reach (as if it were
/// down) while the ChatHost instances keep theirs. REST must keep working and store what it is sent; the host must
/// find Redis again by itself; a client that missed the real-time delivery catches up through sync.
/// </summary>
public sealed class RedisOutageTests(ChatFixture fixture, ITestOutputHelper output) : ChatTestBase(fixture)
{
    /// <summary>A REST send must not wait for the missing Redis (its commands fail at once rather than queue).</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    /// <summary>How long the host may take to find Redis again once it is back.</summary>
    private static readonly TimeSpan ReconnectWithin = TimeSpan.FromSeconds(30);

    private static SendMessageInput Text(string content, string clientMessageId) =>
        new() { Kind = MessageKind.Text, Content = content, Client_message_id = clientMessageId };

    [Fact]
    public async Task ShouldStoreRestSendsWhileRedisIsOutOfReach_AndDeliverAgainOnceItIsBack_WithSyncFillingTheGap()
    {
        await using var proxy = TcpProxy.Start("127.0.0.1", RedisPort());
        await using var api = new ChatFixture.ApiFactory(Fixture, ChatFixture.RedisAt(proxy.Port));
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var conversation = await DirectAsync(ann, bob);
        var bobConnection = await ConnectAsync(bob);
        await bobConnection.NextAsync("online_users");
        var annChat = new ChatClient(Authorized(api, ann));
        // Redis goes away while the WebApi runs: its connections (the limits', the backplane's) are up before.
        var before = await annChat.SendMessageAsync(conversation, Text("Before Redis goes away", "redis-before"));
        (await bobConnection.NextAsync("private_message")).GetProperty("id").GetGuid().ShouldBe(before.Id);

        proxy.Cut();
        var started = Stopwatch.GetTimestamp();
        var duringOutage = await annChat.SendMessageAsync(conversation, Text("Sent while Redis is away", "redis-out-1"));
        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"A REST send with Redis out of reach answered after {elapsed.TotalMilliseconds:0} ms");

        elapsed.ShouldBeLessThan(AnswerWithin);
        (await Fixture.QueryAsync(db => db.Messages.CountAsync(m => m.Id == duringOutage.Id))).ShouldBe(1);
        (await bobConnection.QuietAsync("conversation_message")).ShouldBeEmpty("nothing could be published meanwhile");
        (await bobConnection.QuietAsync("private_message")).ShouldBeEmpty("nothing could be published meanwhile");

        // Signing in counts failures in Redis: without it, sign-ins go on, unthrottled.
        var http = api.CreateClient();
        var wrongPassword = await http.PostAsJsonAsync("/api/auth/login", new { email = "ann@example.edu", password = "wrong password" });
        var rightPassword = await http.PostAsJsonAsync("/api/auth/login", new { email = "ann@example.edu", password = Password });
        wrongPassword.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        rightPassword.StatusCode.ShouldBe(HttpStatusCode.OK);

        proxy.Restore();
        var restored = Stopwatch.GetTimestamp();
        var delivered = await SendUntilDeliveredAsync(annChat, conversation, bobConnection);
        output.WriteLine($"Real-time delivery through the host's own Redis connection resumed {Stopwatch.GetElapsedTime(restored).TotalMilliseconds:0} ms after Redis came back");

        var synced = await ChatOf(bob).SyncAsync();
        synced.Items.Where(i => i.Kind == ChatChangeKind.MessageCreated).Select(i => i.Message!.Id)
            .ShouldBe([before.Id, duringOutage.Id, .. delivered], ignoreOrder: true);
    }

    /// <summary>Sends again (each time a new message) until one reaches the recipient's socket; the ids sent.</summary>
    private static async Task<List<Guid>> SendUntilDeliveredAsync(ChatClient chat, Guid conversation, RecordingConnection recipient)
    {
        var sent = new List<Guid>();
        var deadline = Stopwatch.GetTimestamp() + (long)(ReconnectWithin.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var message = await chat.SendMessageAsync(conversation, Text("Are you there?", $"redis-back-{sent.Count}"));
            sent.Add(message.Id);
            var received = await recipient.QuietAsync("private_message", TimeSpan.FromSeconds(1));
            if (received.Any(payload => payload.GetProperty("id").GetGuid() == message.Id))
            {
                return sent;
            }
        }

        throw new ShouldAssertException($"No message reached the socket within {ReconnectWithin.TotalSeconds} s of Redis coming back.");
    }

    private static HttpClient Authorized(ChatFixture.ApiFactory api, ChatUser user)
    {
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", user.Token);
        return http;
    }

    private static int RedisPort()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "127.0.0.1:6379";
        var endpoint = configured.Split(',')[0];
        return endpoint.Contains(':', StringComparison.Ordinal) ? int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture) : 6379;
    }
}
