using System.Net;
using System.Net.Http.Headers;
using Homelette.Testing;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Security;

public sealed class TokenTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    public static TheoryData<string> BadTokens() => new()
    {
        "expired",
        "wrong issuer",
        "wrong audience",
        "wrong key",
        "alg none",
        "tampered payload",
        "garbage",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ShouldAnswer401_WhenTheTokenIsNotValid(string kind)
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var token = kind switch
        {
            "expired" => TestTokens.Expired(ann.Id),
            "wrong issuer" => TestTokens.Create(ann.Id, issuer: "someone-else"),
            "wrong audience" => TestTokens.Create(ann.Id, audience: "someone-else"),
            "wrong key" => TestTokens.Create(ann.Id, key: "another-key-that-is-long-enough-0123456789"),
            "alg none" => TestTokens.AlgNone(ann.Id),
            "tampered payload" => TestTokens.Tampered(signedFor: bob.Id, claimed: ann.Id),
            _ => "not.a.token",
        };

        var response = await HttpClientWithToken(token).GetAsync("/api/users/me");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ShouldAccept_AHandMadeTokenWithTheRightKeyIssuerAndAudience()
    {
        var ann = await RegisterAndLoginAsync();

        var response = await HttpClientWithToken(TestTokens.Create(ann.Id)).GetAsync("/api/users/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("POST", "/api/users/me/blocks/{other}")]
    [InlineData("POST", "/api/users/{me}/interests/{listing}")]
    [InlineData("POST", "/api/reports")]
    public async Task ShouldAnswer404Problem_WhenTheTokensUserNoLongerExists_AndTheRequestWritesARow(string method, string path)
    {
        // Found by the OpenAPI fuzzer: a validly signed token outlives its user, and the row pointing at that user was
        // refused by the database (a foreign key), a 500.
        var ann = await RegisterAndLoginAsync();
        var listing = await new Homelette.Client.ListingsClient(ann.Http).CreateListingAsync(Listings.ListingTestData.NewListing());
        var ghost = Guid.CreateVersion7();
        using var request = new HttpRequestMessage(new HttpMethod(method), path
            .Replace("{other}", ann.Id.ToString(), StringComparison.Ordinal)
            .Replace("{me}", ghost.ToString(), StringComparison.Ordinal)
            .Replace("{listing}", listing.Id.ToString(), StringComparison.Ordinal));
        if (path == "/api/reports")
        {
            request.Content = new StringContent(
                $$"""{"target_type":"listing","target_id":"{{listing.Id}}","reason":"Spam"}""", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await HttpClientWithToken(TestTokens.Create(ghost)).SendAsync(request);

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ShouldIgnoreAQueryStringToken_OutsideTheHub()
    {
        var ann = await RegisterAndLoginAsync();

        var response = await Factory.CreateClient().GetAsync($"/api/users/me?access_token={ann.Token}");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenTheSchemeIsNotBearer()
    {
        var ann = await RegisterAndLoginAsync();
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", ann.Token);

        var response = await client.GetAsync("/api/users/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
