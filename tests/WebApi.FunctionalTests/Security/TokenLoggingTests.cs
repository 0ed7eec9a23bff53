using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Homelette.Client;
using Homelette.Testing;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Homelette.WebApi.FunctionalTests.Listings;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Homelette.WebApi.FunctionalTests.Security;

/// <summary>
/// Tokens and passwords never reach a log, even with every category at Trace: the WebApi, writing every entry into
/// <see cref="CapturedLogs"/>, is driven through sign-up, sign-in, authenticated calls with the bearer header, tokens
/// in the query string (which it does not read) and refused tokens.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class TokenLoggingTests(WebApiFactory factory, ITestOutputHelper output) : WebApiTestBase(factory)
{
    [Fact]
    public async Task ShouldWriteNoTokenNorPasswordIntoAnyLog_WhenEveryCategoryLogsAtTrace()
    {
        var logs = new CapturedLogs();
        await using var api = new WebApiVariant(Factory, builder => builder.CaptureEveryLog(logs));
        var secrets = new Secrets();
        secrets.Add("the signing key", TestSettings.JwtKey);
        var anonymous = api.CreateClient();

        var (annId, annToken) = await SignUpAsync(anonymous, "ann", secrets);
        var (bobId, bobToken) = await SignUpAsync(anonymous, "bob", secrets);
        using (var wrong = await anonymous.PostAsJsonAsync(
            "/api/auth/login", new { email = "ann@example.edu", password = secrets.Password("ann-wrong-guess") }))
        {
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // Authenticated calls with the bearer header.
        var ann = WithBearer(api.CreateClient(), annToken);
        var listings = new ListingsClient(ann);
        var listing = await listings.CreateListingAsync(ListingTestData.NewListing());
        await listings.CreateListingAsync(ListingTestData.NewListing("Second room"));
        var page = JsonDocument.Parse(await anonymous.GetStringAsync("/api/listings?limit=1")).RootElement;
        var nextCursor = page.GetProperty("next_cursor").GetString().ShouldNotBeNull();
        using (var next = await anonymous.GetAsync($"/api/listings?limit=1&cursor={Uri.EscapeDataString(nextCursor)}"))
        {
            next.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var chat = new ChatClient(ann);
        var conversation = await chat.CreateConversationAsync(new CreateConversationCommand { Participants = [bobId], Listing_id = listing.Id });
        await chat.SendMessageAsync(conversation.Id, new SendMessageInput { Kind = MessageKind.Text, Content = "Is it free?" });
        await new ChatClient(WithBearer(api.CreateClient(), bobToken)).SyncAsync(null, 50);
        await new UsersClient(ann).UpdateUserAsync(annId, new ProfileChangesInput { About_me = "Third-year student" });
        await new AuthClient(ann).ChangePasswordAsync(new ChangePasswordCommand
        {
            Current_password = secrets.Password("ann-register"),
            New_password = secrets.Password("ann-changed"),
        });
        using (var wrongCurrent = await ann.PostAsJsonAsync(
            "/api/auth/change-password",
            new { current_password = secrets.Password("ann-wrong-current"), new_password = secrets.Password("ann-never-set") }))
        {
            wrongCurrent.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        // A token in the query string is not read here: refused where a user is needed, ignored where none is.
        var query = Uri.EscapeDataString(annToken);
        using (var me = await anonymous.GetAsync($"/api/users/me?access_token={query}"))
        {
            me.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using (var search = await anonymous.GetAsync($"/api/listings?access_token={query}&token={query}"))
        {
            search.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // A token pasted into the wrong parameter: a cursor that does not decode, a number that does not bind.
        using (var cursor = await anonymous.GetAsync($"/api/listings?cursor={query}"))
        {
            cursor.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using (var limit = await anonymous.GetAsync($"/api/listings?limit={query}"))
        {
            limit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        // A token in a body field that is not a token.
        using (var body = await ann.PutAsJsonAsync($"/api/users/{annId}", new { first_name = annToken }))
        {
            ((int)body.StatusCode).ShouldBeLessThan(500);
        }

        // Refused tokens in the header.
        var refused = new Dictionary<string, string>
        {
            ["an expired token"] = TestTokens.Expired(annId),
            ["a token signed with another key"] = TestTokens.Create(annId, key: "another-key-that-is-long-enough-0123456789"),
            ["a token whose payload was swapped"] = TestTokens.Tampered(signedFor: bobId, claimed: annId),
            ["an unsigned token"] = TestTokens.AlgNone(annId),
            ["garbage"] = $"garbage-{Guid.NewGuid():N}",
        };
        foreach (var (kind, token) in refused)
        {
            secrets.Token(kind, token);
            using var response = await WithBearer(api.CreateClient(), token).GetAsync("/api/users/me");
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, kind);
        }

        var entries = logs.Entries;
        output.WriteLine($"{entries.Count} log entries captured; by level: " +
            string.Join(", ", entries.GroupBy(e => e.Level).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        entries.ShouldContain(e => e.Level == LogLevel.Trace && e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal),
            "the host must really log at Trace, or this test proves nothing");
        entries.ShouldContain(e => e.Category.StartsWith("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal));
        secrets.LeaksIn(logs).ShouldBeEmpty();
    }

    private static async Task<(Guid Id, string Token)> SignUpAsync(HttpClient anonymous, string name, Secrets secrets)
    {
        var auth = new AuthClient(anonymous);
        var email = $"{name}@example.edu";
        var password = secrets.Password($"{name}-register");
        await auth.RegisterAsync(new RegisterUserCommand { Email = email, Password = password, First_name = name, Last_name = "Lee" });
        var login = await auth.LoginAsync(new LoginCommand { Email = email, Password = password });
        secrets.Token($"{name}'s token", login.Access_token);
        return (login.User.Id, login.Access_token);
    }

    private static HttpClient WithBearer(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
