using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Homelette.ChatHost.FunctionalTests.Infrastructure;
using Homelette.Client;
using Homelette.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Homelette.ChatHost.FunctionalTests.Security;

/// <summary>
/// Tokens and passwords never reach a log, even with every category of both hosts at Trace: a WebApi and a ChatHost
/// of the chat server, each writing every entry into <see cref="CapturedLogs"/>, are driven through sign-up, hub
/// connections with the token in the query string (every transport), hub calls, REST calls and refused tokens.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class TokenLoggingTests(ChatFixture fixture, ITestOutputHelper output) : ChatTestBase(fixture)
{
    [Fact]
    public async Task ShouldWriteNoTokenNorPasswordIntoAnyLog_WhenEveryCategoryLogsAtTrace()
    {
        var logs = new CapturedLogs();
        await using var api = new ChatFixture.ApiFactory(Fixture, configure: builder => builder.CaptureEveryLog(logs));
        await using var chat = new ChatFixture.ChatHostFactory(Fixture, configure: builder => builder.CaptureEveryLog(logs));
        chat.StartServer();
        var secrets = new Secrets();
        secrets.Add("the signing key", TestSettings.JwtKey);

        var ann = await SignUpAsync(api, "ann", secrets);
        var bob = await SignUpAsync(api, "bob", secrets);
        await FailToSignInAsync(api, "ann", secrets);

        // The token in the query string, as browsers send it, on every transport, under both names the hub reads.
        var annConnections = new List<RecordingConnection>();
        foreach (var transport in new[] { HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents, HttpTransportType.LongPolling })
        {
            annConnections.Add(await ConnectWithQueryTokenAsync(chat, "access_token", ann.Token, transport));
        }

        var bobConnection = await ConnectWithQueryTokenAsync(chat, "token", bob.Token, HttpTransportType.WebSockets);
        await ExerciseTheHubAsync(annConnections, bobConnection, ann, bob);

        // The same user's REST calls on the WebApi, with the bearer header.
        var conversation = await ExerciseTheApiAsync(api, ann, bob, secrets);
        await bobConnection.NextAsync("conversation_message");

        // Query tokens where they are not read, and refused tokens everywhere.
        await SendTokensWhereTheyAreRefusedAsync(api, chat, ann, bob, conversation, secrets);

        foreach (var connection in annConnections.Append(bobConnection))
        {
            await connection.Connection.StopAsync();
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var entries = logs.Entries;
        output.WriteLine($"{entries.Count} log entries captured; by level: " +
            string.Join(", ", entries.GroupBy(e => e.Level).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Trace && e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal),
            "the hosts must really log at Trace, or this test proves nothing");
        entries.ShouldContain(e => e.Category.StartsWith("Microsoft.AspNetCore.Http.Connections", StringComparison.Ordinal));
        entries.ShouldContain(e => e.Category.StartsWith("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal));
        secrets.LeaksIn(logs).ShouldBeEmpty();
    }

    private static async Task<ChatUser> SignUpAsync(ChatFixture.ApiFactory api, string name, Secrets secrets)
    {
        var auth = new AuthClient(api.CreateClient());
        var email = $"{name}@example.edu";
        var password = secrets.Password($"{name}-register");
        await auth.RegisterAsync(new RegisterUserCommand { Email = email, Password = password, First_name = name, Last_name = "Test" });
        var login = await auth.LoginAsync(new LoginCommand { Email = email, Password = password });
        secrets.Token($"{name}'s token", login.Access_token);
        return new ChatUser(login.User.Id, login.Access_token);
    }

    private static async Task FailToSignInAsync(ChatFixture.ApiFactory api, string name, Secrets secrets)
    {
        using var response = await api.CreateClient().PostAsJsonAsync(
            "/api/auth/login", new { email = $"{name}@example.edu", password = secrets.Password($"{name}-wrong-guess") });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<RecordingConnection> ConnectWithQueryTokenAsync(
        ChatFixture.ChatHostFactory chat, string parameter, string token, HttpTransportType transport)
    {
        var url = new Uri($"{chat.HubUrl}?{parameter}={Uri.EscapeDataString(token)}");
        var connection = Build(url, options => options.Transports = transport);
        var recording = new RecordingConnection(connection);
        await connection.StartAsync();
        await recording.NextAsync("online_users");
        return recording;
    }

    private static async Task ExerciseTheHubAsync(List<RecordingConnection> annConnections, RecordingConnection bob, ChatUser ann, ChatUser bobUser)
    {
        var first = annConnections[0].Connection;
        var stored = await first.InvokeAsync<JsonElement>(
            "private_message", new { recipient_id = bobUser.Id, content = "Is the room still free?", client_message_id = "m-1" });
        var conversation = stored.GetProperty("conversation_id").GetGuid();
        var messageId = stored.GetProperty("id").GetGuid();
        await bob.NextAsync("private_message");
        foreach (var connection in annConnections)
        {
            await connection.Connection.InvokeAsync<JsonElement>(
                "conversation_message", new { conversation_id = conversation, content = "Over every transport" });
            await connection.Connection.InvokeAsync<JsonElement>("join_conversation", new { conversation_id = conversation });
        }

        await bob.Connection.InvokeAsync("typing", new { conversation_id = conversation, is_typing = true });
        await bob.Connection.InvokeAsync<JsonElement>("mark_read", new { conversation_id = conversation, message_id = messageId });
        await first.InvokeAsync<JsonElement>("leave_conversation", new { conversation_id = conversation });

        // Calls the hub refuses: its error paths log too.
        await Should.ThrowAsync<HubException>(() => first.InvokeAsync<JsonElement>(
            "conversation_message", new { conversation_id = Guid.CreateVersion7(), content = "Nobody's conversation" }));
        await Should.ThrowAsync<HubException>(() => first.InvokeAsync<JsonElement>(
            "private_message", new { recipient_id = bobUser.Id, sender_id = Guid.CreateVersion7(), content = "Someone else" }));
        await Should.ThrowAsync<HubException>(() => first.InvokeAsync<JsonElement>("no_such_method", new { }));
        await Should.ThrowAsync<HubException>(() => first.InvokeAsync<JsonElement>("private_message", "not an object"));
        await Should.ThrowAsync<HubException>(() => first.InvokeAsync<JsonElement>(
            "private_message", new { recipient_id = ann.Id, content = new string('x', 5000) }));
    }

    private static async Task<Guid> ExerciseTheApiAsync(ChatFixture.ApiFactory api, ChatUser ann, ChatUser bob, Secrets secrets)
    {
        var http = WithBearer(api.CreateClient(), ann.Token);
        var chatClient = new ChatClient(http);
        var users = new UsersClient(http);
        var group = await chatClient.CreateConversationAsync(new CreateConversationCommand { Participants = [bob.Id], Title = "Del Playa house" });
        await chatClient.SendMessageAsync(group.Id, new SendMessageInput { Kind = MessageKind.Text, Content = "Hello over REST" });
        var page = await chatClient.ListConversationsAsync(1, null);
        if (page.Next_cursor is { } cursor)
        {
            await chatClient.ListConversationsAsync(1, cursor);
        }

        await chatClient.SyncAsync(null, 50);
        await chatClient.SearchMessagesAsync("REST", null, null, null, null);
        await users.GetCurrentUserAsync();
        await users.UpdateSettingsAsync(ann.Id, new SettingsInput { Show_online_status = true });

        var auth = new AuthClient(http);
        await auth.ChangePasswordAsync(new ChangePasswordCommand
        {
            Current_password = secrets.Password("ann-register"),
            New_password = secrets.Password("ann-changed"),
        });
        using var wrongCurrent = await http.PostAsJsonAsync(
            "/api/auth/change-password",
            new { current_password = secrets.Password("ann-wrong-current"), new_password = secrets.Password("ann-never-set") });
        wrongCurrent.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        return group.Id;
    }

    private async Task SendTokensWhereTheyAreRefusedAsync(
        ChatFixture.ApiFactory api, ChatFixture.ChatHostFactory chat, ChatUser ann, ChatUser bob, Guid conversation, Secrets secrets)
    {
        var anonymous = api.CreateClient();

        // The WebApi reads no query token: refused where a user is needed, ignored where none is.
        using (var me = await anonymous.GetAsync($"/api/users/me?access_token={Uri.EscapeDataString(ann.Token)}"))
        {
            me.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using (var search = await anonymous.GetAsync($"/api/listings?token={Uri.EscapeDataString(ann.Token)}"))
        {
            search.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // A token pasted into the wrong parameter: a cursor that does not decode, a limit that does not bind.
        var bobHttp = WithBearer(api.CreateClient(), bob.Token);
        using (var cursor = await bobHttp.GetAsync($"/api/chat/conversations?cursor={Uri.EscapeDataString(ann.Token)}"))
        {
            cursor.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using (var limit = await bobHttp.GetAsync($"/api/chat/sync?limit={Uri.EscapeDataString(ann.Token)}"))
        {
            limit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        var refused = new Dictionary<string, string>
        {
            ["an expired token"] = TestTokens.Expired(ann.Id),
            ["a token signed with another key"] = TestTokens.Create(ann.Id, key: "another-key-that-is-long-enough-0123456789"),
            ["a token whose payload was swapped"] = TestTokens.Tampered(signedFor: bob.Id, claimed: ann.Id),
            ["an unsigned token"] = TestTokens.AlgNone(ann.Id),
            ["a token of an unknown user"] = TestTokens.Create(Guid.CreateVersion7()),
            ["garbage"] = $"garbage-{Guid.NewGuid():N}",
        };
        foreach (var (kind, token) in refused)
        {
            secrets.Token(kind, token);
            var hub = Build(new Uri($"{chat.HubUrl}?access_token={Uri.EscapeDataString(token)}"));
            var hubRefusal = await Should.ThrowAsync<HttpRequestException>(() => hub.StartAsync());
            hubRefusal.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, kind);

            var withHeader = WithBearer(api.CreateClient(), token);
            using var rest = await withHeader.GetAsync($"/api/chat/conversations/{conversation}");
            // The WebApi does not look the token's user up (only the hub does): an unknown user is just not in the conversation.
            rest.StatusCode.ShouldBe(kind == "a token of an unknown user" ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized, kind);
        }

        // The hub's own URL, hit without SignalR's negotiation, with a good token in the query.
        using var raw = await chat.CreateClient().GetAsync($"/socket?access_token={Uri.EscapeDataString(ann.Token)}&id=unknown");
        ((int)raw.StatusCode).ShouldBeLessThan(500);
    }

    private static HttpClient WithBearer(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
