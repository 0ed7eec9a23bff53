using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Homelette.WebApi.FunctionalTests.Auth;

/// <summary>The concurrency limit on password checks (register, login, change password), with a limit of one.</summary>
public sealed class PasswordCheckLimitTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    private const int Attempts = 8;

    [Fact]
    public async Task ShouldAnswer503WithRetryAfterAtOnce_WhenMoreSignInsArriveThanRunAndWait()
    {
        await using var limited = WithOneCheckAtOnce(queued: 0);

        var answers = await SignInsAtOnceAsync(limited.CreateClient());

        answers.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Unauthorized || r.StatusCode == HttpStatusCode.ServiceUnavailable);
        answers.ShouldContain(r => r.StatusCode == HttpStatusCode.Unauthorized, "the check that got the permit ran");
        var shed = answers.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        shed.ShouldNotBeEmpty("with one permit and no queue, checks arriving together are turned away");
        shed[0].Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldBe(TimeSpan.FromSeconds(1));
        var problem = await ProblemAssertions.ShouldBeProblemAsync(shed[0], HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("detail").GetString()!.ShouldContain("Too many passwords are being checked");
    }

    [Fact]
    public async Task ShouldStillAnswer503WithTheReason_WhenTheClientAcceptsNoJson()
    {
        await using var limited = WithOneCheckAtOnce(queued: 0);
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var answers = await SignInsAtOnceAsync(client);

        answers.ShouldNotContain(r => r.StatusCode == HttpStatusCode.InternalServerError);
        var shed = answers.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        shed.ShouldNotBeEmpty();
        shed[0].Headers.RetryAfter.ShouldNotBeNull();
        (await shed[0].Content.ReadAsStringAsync()).ShouldContain("Too many passwords are being checked");
    }

    [Fact]
    public async Task ShouldRunEverySignIn_WhenTheyWaitTheirTurnInTheQueue()
    {
        await using var limited = WithOneCheckAtOnce(queued: Attempts);

        var answers = await SignInsAtOnceAsync(limited.CreateClient());

        answers.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Unauthorized);
    }

    private WebApplicationFactory<WebApiMarker> WithOneCheckAtOnce(int queued) => Factory.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Auth:PasswordChecksAtOnce", "1");
        builder.UseSetting("Auth:PasswordChecksQueued", queued.ToString(CultureInfo.InvariantCulture));
    });

    /// <summary>
    /// Sign-ins to unknown emails, all at once: each still costs a full check (a decoy hash), and none is throttled
    /// (one failure per email).
    /// </summary>
    private static Task<HttpResponseMessage[]> SignInsAtOnceAsync(HttpClient client) =>
        Task.WhenAll(Enumerable.Range(0, Attempts).Select(i => client.PostAsJsonAsync(
            "/api/auth/login", new { email = $"nobody-{i}-{Guid.NewGuid():N}@example.edu", password = "wrong password" })));
}
