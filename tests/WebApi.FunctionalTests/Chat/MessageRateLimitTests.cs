using System.Net;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Chat;

/// <summary>At most 30 messages per user in any 10 seconds, counted in Redis.</summary>
public sealed class MessageRateLimitTests(WebApiFactory factory) : ChatTestBase(factory)
{
    private const int Allowed = 30;

    private static async Task SendAllowedAsync(SignedInUser sender, Guid conversationId, int count, int from = 0)
    {
        for (var i = from; i < from + count; i++)
        {
            using var response = await PostJsonAsync(sender, MessagesPath(conversationId), TextJson($"message {i}"));
            response.StatusCode.ShouldBe(HttpStatusCode.Created, $"message {i}");
        }
    }

    [Fact]
    public async Task ShouldAnswer429WithRetryAfterAndStoreNothing_WhenThe31stMessageComesWithinTenSeconds()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        await SendAllowedAsync(ann, conversation.Id, Allowed);

        using var response = await PostJsonAsync(ann, MessagesPath(conversation.Id), TextJson("one too many"));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.TooManyRequests);
        int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeInRange(1, 10);
        (await MessageRowsAsync()).ShouldBe(Allowed);
    }

    [Fact]
    public async Task ShouldRefuseThe31stMessage_WhenTheBurstCrossesAWholeTenSeconds()
    {
        // Half of the burst just before a multiple of ten seconds (Unix time), half just after: all 31 within a
        // few seconds, so the 31st is one too many whatever clock window a limiter might count in.
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        await WaitUntilSecondOfTenAsync(8.0);
        var started = DateTimeOffset.UtcNow;
        await SendAllowedAsync(ann, conversation.Id, Allowed / 2);
        await WaitUntilSecondOfTenAsync(0.2);
        await SendAllowedAsync(ann, conversation.Id, Allowed - (Allowed / 2), from: Allowed / 2);

        using var response = await PostJsonAsync(ann, MessagesPath(conversation.Id), TextJson("one too many"));

        (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(9), "the test itself was too slow to prove anything");
        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await MessageRowsAsync()).ShouldBe(Allowed);
    }

    [Fact]
    public async Task ShouldAnswer200WithTheStoredMessage_WhenARetryComesWhileRateLimited()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        var first = await SendTextAsync(ann, conversation.Id, "first", "c-first");
        await SendAllowedAsync(ann, conversation.Id, Allowed - 1);
        using (var limited = await PostJsonAsync(ann, MessagesPath(conversation.Id), TextJson("one too many")))
        {
            limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        }

        using var retry = await PostJsonAsync(ann, MessagesPath(conversation.Id), TextJson("first", "c-first"));

        (await ReadAsync<Client.MessageDto>(retry, HttpStatusCode.OK)).Id.ShouldBe(first.Id);
    }

    [Fact]
    public async Task ShouldCountRetriesOfOneClientMessageIdOnce_WhenTheyComeWithinTenSeconds()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        var first = await SendTextAsync(ann, conversation.Id, "first", "c-first");
        for (var i = 0; i < Allowed + 5; i++)
        {
            using var retry = await PostJsonAsync(ann, MessagesPath(conversation.Id), TextJson("first", "c-first"));
            (await ReadAsync<Client.MessageDto>(retry, HttpStatusCode.OK)).Id.ShouldBe(first.Id, $"retry {i}");
        }

        await SendAllowedAsync(ann, conversation.Id, Allowed - 1);
        using var response = await PostJsonAsync(ann, MessagesPath(conversation.Id), TextJson("one too many"));

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await MessageRowsAsync()).ShouldBe(Allowed);
    }

    [Fact]
    public async Task ShouldLetOthersSend_WhenOneUserIsRateLimited()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        await SendAllowedAsync(ann, conversation.Id, Allowed);

        using var fromBob = await PostJsonAsync(bob, MessagesPath(conversation.Id), TextJson("My turn"));

        fromBob.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>Waits until the Unix time is <paramref name="second"/> seconds past a multiple of ten (the next time it is).</summary>
    private static async Task WaitUntilSecondOfTenAsync(double second)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var target = (now / 10_000 * 10_000) + (long)(second * 1000);
        if (target <= now)
        {
            target += 10_000;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(target - now));
    }
}
