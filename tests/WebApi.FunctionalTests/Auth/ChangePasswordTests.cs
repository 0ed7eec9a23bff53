using System.Net;
using System.Net.Http.Json;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Auth;

public sealed class ChangePasswordTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    [Fact]
    public async Task ShouldReplaceThePassword_WhenTheCurrentOneIsRight()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu");

        await ann.Auth.ChangePasswordAsync(new ChangePasswordCommand { Current_password = Password, New_password = "a brand new secret" });

        await ShouldFailAsync(() => Anonymous.LoginAsync(new LoginCommand { Email = "ann@example.edu", Password = Password }), 401);
        var login = await Anonymous.LoginAsync(new LoginCommand { Email = "ann@example.edu", Password = "a brand new secret" });
        login.User.Id.ShouldBe(ann.Id);
    }

    [Fact]
    public async Task ShouldRefuseAndKeepThePassword_WhenTheCurrentOneIsWrong()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu");
        var before = (await Factory.FindUserAsync(ann.Id)).PasswordHash;

        var response = await ann.Http.PostAsJsonAsync("/api/auth/change-password", new { current_password = "not my password", new_password = "a brand new secret" });

        var errors = await ProblemAssertions.ShouldBeValidationProblemAsync(response);
        errors.Keys.ShouldBe(["current_password"]);
        (await Factory.FindUserAsync(ann.Id)).PasswordHash.ShouldBe(before);
    }

    [Fact]
    public async Task ShouldRunValidation_WhenTheNewPasswordIsTooShort()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu");

        var response = await ann.Http.PostAsJsonAsync("/api/auth/change-password", new { current_password = Password, new_password = "short" });

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["new_password"]);
    }

    [Fact]
    public async Task ShouldRequireAToken()
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/auth/change-password", new { current_password = Password, new_password = "a brand new secret" });

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
