using System.Net;
using System.Net.Http.Json;
using Homelette.Client;
using Homelette.Domain.Users;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using LoginThrottling = Homelette.Application.Auth.Commands.Login.LoginThrottling;

namespace Homelette.WebApi.FunctionalTests.Auth;

[Trait("Category", "Chaos")]
public sealed class LoginTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    [Fact]
    public async Task ShouldIssueBearerTokenThatOpensTheProfile_WhenCredentialsAreRight()
    {
        await Anonymous.RegisterAsync(new RegisterUserCommand
        {
            Email = "ann@example.edu",
            Password = Password,
            First_name = "Ann",
            Last_name = "Lee",
        });

        var login = await Anonymous.LoginAsync(new LoginCommand { Email = "ANN@example.edu ", Password = Password });

        login.Token_type.ShouldBe("Bearer");
        login.Expires_in.ShouldBe(3600);
        login.User.Email.ShouldBe("ann@example.edu");
        var me = await new UsersClient(HttpClientWithToken(login.Access_token)).GetCurrentUserAsync();
        me.Id.ShouldBe(login.User.Id);
    }

    [Fact]
    public async Task ShouldGiveTheSame401_WhenEmailIsUnknownOrPasswordIsWrong()
    {
        await RegisterAndLoginAsync("ann@example.edu");
        var client = Factory.CreateClient();

        var wrongPassword = await client.PostAsJsonAsync("/api/auth/login", new { email = "ann@example.edu", password = "wrong password" });
        var unknownEmail = await client.PostAsJsonAsync("/api/auth/login", new { email = "bob@example.edu", password = "wrong password" });

        var first = await ProblemAssertions.ShouldBeProblemAsync(wrongPassword, HttpStatusCode.Unauthorized);
        var second = await ProblemAssertions.ShouldBeProblemAsync(unknownEmail, HttpStatusCode.Unauthorized);
        first.GetProperty("title").GetString().ShouldBe(second.GetProperty("title").GetString());
        first.GetProperty("detail").GetString().ShouldBe(second.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ShouldAnswer429WithRetryAfterEvenToTheRightPassword_WhenTenSignInsFailedWithinAMinute()
    {
        // A new email each run: failures are counted in Redis for a minute, across test runs too.
        var email = $"carl-{Guid.NewGuid():N}@example.edu";
        await RegisterAndLoginAsync(email);
        var client = Factory.CreateClient();
        for (var i = 1; i <= LoginThrottling.MaxFailures; i++)
        {
            var failed = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong password" });
            failed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"failed sign-in {i}");
        }

        var eleventh = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });

        var problem = await ProblemAssertions.ShouldBeProblemAsync(eleventh, HttpStatusCode.TooManyRequests);
        problem.GetProperty("detail").GetString()!.ShouldContain("Too many failed sign-ins");
        eleventh.Headers.RetryAfter.ShouldNotBeNull();
        eleventh.Headers.RetryAfter.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
    }

    [Fact]
    public async Task ShouldLetExactlyTenGuessesThrough_WhenTwelveArriveAtOnce()
    {
        var email = $"gus-{Guid.NewGuid():N}@example.edu";
        await RegisterAndLoginAsync(email);
        var client = Factory.CreateClient();

        // Each is counted before its password is checked, so guesses in parallel cannot all pass the check first.
        var answers = await Task.WhenAll(Enumerable.Range(0, LoginThrottling.MaxFailures + 2).Select(_ =>
            client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong password" })));

        answers.Count(r => r.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(LoginThrottling.MaxFailures);
        answers.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(2);
    }

    [Fact]
    public async Task ShouldLetOtherAccountsSignIn_WhileOneIsThrottled()
    {
        var throttled = $"dana-{Guid.NewGuid():N}@example.edu";
        var other = $"eve-{Guid.NewGuid():N}@example.edu";
        await RegisterAndLoginAsync(other);
        var client = Factory.CreateClient();
        for (var i = 0; i < LoginThrottling.MaxFailures; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email = throttled, password = "wrong password" });
        }

        var stillThrottled = await client.PostAsJsonAsync("/api/auth/login", new { email = throttled, password = "wrong password" });
        var otherSignIn = await client.PostAsJsonAsync("/api/auth/login", new { email = other, password = Password });

        stillThrottled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "unknown emails are counted too");
        otherSignIn.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ShouldNotCountSuccessfulSignIns_WhenSigningInOftenWithTheRightPassword()
    {
        var email = $"fay-{Guid.NewGuid():N}@example.edu";
        await RegisterAndLoginAsync(email);
        var client = Factory.CreateClient();

        for (var i = 1; i <= LoginThrottling.MaxFailures + 2; i++)
        {
            var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"sign-in {i}");
        }
    }

    [Fact]
    public async Task ShouldRunValidation_WhenLoginFieldsAreMissing()
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "", password = "" });

        var errors = await ProblemAssertions.ShouldBeValidationProblemAsync(response);
        errors.Keys.ShouldBe(["email", "password"], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldUpgradeAnOldHash_WhenTheUserLogsIn()
    {
        var user = await RegisterAndLoginAsync("ann@example.edu");
        var oldHasher = new PasswordHasher<User>(Microsoft.Extensions.Options.Options.Create(
            new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        var oldHash = oldHasher.HashPassword(null!, Password);
        await Factory.QueryAsync(db => db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, oldHash)));

        await Anonymous.LoginAsync(new LoginCommand { Email = "ann@example.edu", Password = Password });

        var stored = await Factory.FindUserAsync(user.Id);
        stored.PasswordHash.ShouldNotBe(oldHash);
        Convert.FromBase64String(stored.PasswordHash)[0].ShouldBe((byte)0x01, "the hash should now be Identity V3 (PBKDF2 with HMAC-SHA512)");
        (await Anonymous.LoginAsync(new LoginCommand { Email = "ann@example.edu", Password = Password })).Access_token.ShouldNotBeNullOrEmpty();
    }
}
