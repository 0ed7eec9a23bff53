using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Users;

public sealed class ProfileTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    [Fact]
    public async Task ShouldShowTheWholeProfile_WhenReadingYourOwn()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu");

        var me = await ann.Users.GetCurrentUserAsync();
        var byId = await ann.Users.GetUserAsync(ann.Id);

        me.Email.ShouldBe("ann@example.edu");
        byId.Email.ShouldBe("ann@example.edu");
        byId.Show_online_status.ShouldBe(true);
    }

    [Fact]
    public async Task ShouldHideEmail_WhenReadingSomeoneElsesProfile()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        var response = await bob.Http.GetAsync($"/api/users/{ann.Id}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("first_name").GetString().ShouldBe("Ann");
        json.TryGetProperty("email", out _).ShouldBeFalse();
        json.TryGetProperty("show_online_status", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheUserDoesNotExist()
    {
        var ann = await RegisterAndLoginAsync();

        await ShouldFailAsync(() => ann.Users.GetUserAsync(Guid.CreateVersion7()), 404);
    }

    [Fact]
    public async Task ShouldChangeOnlyTheFieldsSent_WhenUpdatingYourOwnProfile()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu");
        await ann.Users.UpdateUserAsync(ann.Id, new ProfileChangesInput { Major = "Physics", About_me = "Hi" });

        var updated = await ann.Users.UpdateUserAsync(ann.Id, new ProfileChangesInput
        {
            Graduation_year = 2028,
            Profile_picture_url = "/uploads/ann.jpg",
        });

        updated.First_name.ShouldBe("Ann");
        updated.Major.ShouldBe("Physics");
        updated.About_me.ShouldBe("Hi");
        updated.Graduation_year.ShouldBe(2028);
        updated.Profile_picture_url.ShouldBe("/uploads/ann.jpg");
        (await Factory.FindUserAsync(ann.Id)).GraduationYear.ShouldBe(2028);
    }

    [Fact]
    public async Task ShouldClearAnOptionalField_WhenSentAsEmpty()
    {
        var ann = await RegisterAndLoginAsync();
        await ann.Users.UpdateUserAsync(ann.Id, new ProfileChangesInput { Major = "Physics" });

        var updated = await ann.Users.UpdateUserAsync(ann.Id, new ProfileChangesInput { Major = "" });

        updated.Major.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldForbidAndChangeNothing_WhenUpdatingSomeoneElsesProfile()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var before = await Factory.FindUserAsync(ann.Id);

        var response = await bob.Http.PutAsJsonAsync($"/api/users/{ann.Id}", new { first_name = "Hacked", about_me = "pwned" });

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
        var after = await Factory.FindUserAsync(ann.Id);
        after.FirstName.ShouldBe(before.FirstName);
        after.AboutMe.ShouldBe(before.AboutMe);
        after.UpdatedAt.ShouldBe(before.UpdatedAt);
    }

    [Theory]
    [InlineData("email", "\"evil@example.edu\"")]
    [InlineData("id", "\"01964d3c-0000-7000-8000-000000000000\"")]
    [InlineData("password", "\"new password 123\"")]
    [InlineData("password_hash", "\"x\"")]
    [InlineData("created_at", "\"2001-01-01T00:00:00Z\"")]
    [InlineData("normalized_email", "\"EVIL@EXAMPLE.EDU\"")]
    [InlineData("user_id", "\"01964d3c-0000-7000-8000-000000000000\"")]
    [InlineData("First_Name", "\"Case Trick\"")]
    [InlineData("updated_at", "\"2001-01-01T00:00:00Z\"")]
    [InlineData("show_online_status", "false")]
    public async Task ShouldRejectAndChangeNothing_WhenTheBodyNamesAProtectedField(string field, string value)
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu");
        var before = await Factory.FindUserAsync(ann.Id);
        using var body = new StringContent($$"""{"first_name":"Changed","{{field}}":{{value}}}""", System.Text.Encoding.UTF8, "application/json");

        var response = await ann.Http.PutAsync($"/api/users/{ann.Id}", body);

        var errors = await ProblemAssertions.ShouldBeValidationProblemAsync(response);
        errors.Keys.ShouldContain(key => string.Equals(key, field, StringComparison.OrdinalIgnoreCase));
        var after = await Factory.FindUserAsync(ann.Id);
        after.FirstName.ShouldBe(before.FirstName);
        after.Email.ShouldBe(before.Email);
        after.PasswordHash.ShouldBe(before.PasswordHash);
        after.CreatedAt.ShouldBe(before.CreatedAt);
    }

    [Fact]
    public async Task ShouldRunValidation_WhenUpdatingWithBadValues()
    {
        var ann = await RegisterAndLoginAsync();

        var response = await ann.Http.PutAsJsonAsync($"/api/users/{ann.Id}", new
        {
            first_name = "",
            graduation_year = 2101,
            profile_picture_url = "javascript:alert(1)",
        });

        var errors = await ProblemAssertions.ShouldBeValidationProblemAsync(response);
        errors.Keys.ShouldBe(["first_name", "graduation_year", "profile_picture_url"], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldHideOnlineStatus_WhenTheSettingIsTurnedOff()
    {
        var ann = await RegisterAndLoginAsync();

        var updated = await ann.Users.UpdateSettingsAsync(ann.Id, new SettingsInput { Show_online_status = false });

        updated.Show_online_status.ShouldBe(false);
        (await Factory.FindUserAsync(ann.Id)).ShowOnlineStatus.ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldForbidAndChangeNothing_WhenChangingSomeoneElsesSettings()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        await ShouldFailAsync(() => bob.Users.UpdateSettingsAsync(ann.Id, new SettingsInput { Show_online_status = false }), 403);

        (await Factory.FindUserAsync(ann.Id)).ShowOnlineStatus.ShouldBeTrue();
    }
}
