using System.Net;
using Homelette.ChatHost.FunctionalTests.Infrastructure;
using Homelette.Testing;

namespace Homelette.ChatHost.FunctionalTests.Security;

public sealed class HubAuthenticationTests(ChatFixture fixture) : ChatTestBase(fixture)
{
    public static TheoryData<string> BadTokens() => new()
    {
        "missing",
        "expired",
        "wrong issuer",
        "wrong audience",
        "wrong key",
        "alg none",
        "tampered payload",
        "garbage",
        "deleted user",
        "unknown user",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ShouldRefuseTheConnection_WhenTheTokenIsNotValid(string kind)
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var token = kind switch
        {
            "missing" => null,
            "expired" => TestTokens.Expired(ann.Id),
            "wrong issuer" => TestTokens.Create(ann.Id, issuer: "someone-else"),
            "wrong audience" => TestTokens.Create(ann.Id, audience: "someone-else"),
            "wrong key" => TestTokens.Create(ann.Id, key: "another-key-that-is-long-enough-0123456789"),
            "alg none" => TestTokens.AlgNone(ann.Id),
            "tampered payload" => TestTokens.Tampered(signedFor: bob.Id, claimed: ann.Id),
            "deleted user" => ann.Token,
            "unknown user" => TestTokens.Create(Guid.CreateVersion7()),
            _ => "not.a.token",
        };
        if (kind == "deleted user")
        {
            await Fixture.DeleteUserAsync(ann.Id);
        }

        var connection = Build(Fixture.InstanceA.HubUrl, options => options.AccessTokenProvider = () => Task.FromResult(token));

        var exception = await Should.ThrowAsync<HttpRequestException>(() => connection.StartAsync());
        exception.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("access_token")]
    [InlineData("token")]
    public async Task ShouldAcceptTheTokenFromTheQueryString(string parameter)
    {
        var ann = await SignUpAsync("Ann");
        var url = new Uri($"{Fixture.InstanceA.HubUrl}?{parameter}={Uri.EscapeDataString(ann.Token)}");
        var connection = Build(url);
        var recording = new RecordingConnection(connection);

        await connection.StartAsync();

        await recording.NextAsync("online_users");
    }
}
