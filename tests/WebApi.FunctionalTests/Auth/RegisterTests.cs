using System.Net;
using System.Net.Http.Json;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Auth;

public sealed class RegisterTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    [Fact]
    public async Task ShouldCreateAccount_WhenFieldsAreValid()
    {
        var user = await Anonymous.RegisterAsync(new RegisterUserCommand
        {
            Email = "  Ann@Example.EDU ",
            Password = Password,
            First_name = "Ann",
            Last_name = "Lee",
            Major = "Computer Science",
            Graduation_year = 2027,
            About_me = "Quiet, tidy, looking for a summer sublet.",
        });

        user.Email.ShouldBe("Ann@Example.EDU");
        user.Major.ShouldBe("Computer Science");
        user.Graduation_year.ShouldBe(2027);
        var stored = await Factory.FindUserAsync(user.Id);
        stored.NormalizedEmail.ShouldBe("ANN@EXAMPLE.EDU");
        stored.PasswordHash.ShouldNotContain(Password);
    }

    [Fact]
    public async Task ShouldAnswer201WithLocationAndNoPasswordMaterial_WhenRegistering()
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/auth/register", new
        {
            email = "ann@example.edu",
            password = Password,
            first_name = "Ann",
            last_name = "Lee",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("password", Case.Insensitive);
        body.ShouldNotContain("hash", Case.Insensitive);
        response.Headers.Location!.ToString().ShouldStartWith("/api/users/");
    }

    [Fact]
    public async Task ShouldConflict_WhenEmailIsTakenInAnotherCase()
    {
        await RegisterAndLoginAsync("ann@example.edu");

        var exception = await ShouldFailAsync(
            () => Anonymous.RegisterAsync(new RegisterUserCommand
            {
                Email = " ANN@example.edu",
                Password = Password,
                First_name = "Other",
                Last_name = "Person",
            }),
            409);
        exception.ShouldBeOfType<ApiException<ProblemDetails>>().Result.Detail!.ShouldContain("already exists");
    }

    [Fact]
    public async Task ShouldNameEveryBadField_WhenValidationFails()
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/auth/register", new
        {
            email = "not-an-email",
            password = "short",
            first_name = " ",
            last_name = new string('x', 51),
            major = new string('m', 101),
            graduation_year = 1949,
            about_me = new string('a', 2001),
        });

        var problem = await ProblemAssertions.ShouldBeValidationProblemAsync(response);
        problem.Keys.ShouldBe(
            ["email", "password", "first_name", "last_name", "major", "graduation_year", "about_me"],
            ignoreOrder: true);
        (await Factory.QueryAsync(db => Task.FromResult(db.Users.Count()))).ShouldBe(0);
    }

    [Theory]
    [InlineData(7, false)]
    [InlineData(8, true)]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public async Task ShouldAcceptPasswordsOf8To128Characters(int length, bool accepted)
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/auth/register", new
        {
            email = "ann@example.edu",
            password = new string('p', length),
            first_name = "Ann",
            last_name = "Lee",
        });

        response.StatusCode.ShouldBe(accepted ? HttpStatusCode.Created : HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ShouldReturnTheSameProfile_AsIsReadBackLater()
    {
        var registered = await Anonymous.RegisterAsync(new RegisterUserCommand
        {
            Email = "ann@example.edu",
            Password = Password,
            First_name = "Ann",
            Last_name = "Lee",
        });
        var login = await Anonymous.LoginAsync(new LoginCommand { Email = "ann@example.edu", Password = Password });

        var readBack = await new UsersClient(HttpClientWithToken(login.Access_token)).GetUserAsync(registered.Id);

        readBack.Created_at.ShouldBe(registered.Created_at);
    }

    [Fact]
    public async Task ShouldTreatAccentedEmailsAsDifferent_WhenOnlyAnAccentDiffers()
    {
        await RegisterAndLoginAsync("zoe@example.edu", "Zoe");

        var zoë = await RegisterAndLoginAsync("zoë@example.edu", "Zoë");

        (await Anonymous.LoginAsync(new LoginCommand { Email = "zoë@example.edu", Password = Password })).User.Id.ShouldBe(zoë.Id);
        await ShouldFailAsync(() => Anonymous.LoginAsync(new LoginCommand { Email = "zoe@example.edu", Password = "wrong password" }), 401);
    }
}
