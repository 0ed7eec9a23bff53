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
