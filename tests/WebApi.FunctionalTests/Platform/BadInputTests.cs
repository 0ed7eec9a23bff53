using System.Net;
using System.Text;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Platform;

public sealed class BadInputTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("{\"email\":")]
    [InlineData("{\"email\": \"a@b.c\", }")]
    [InlineData("[1,2,3]")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task ShouldAnswer400Problem_WhenTheJsonIsMalformed(string body)
    {
        var response = await Factory.CreateClient().PostAsync("/api/auth/login", Json(body));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ShouldNameTheField_WhenAValueHasTheWrongType()
    {
        var response = await Factory.CreateClient().PostAsync(
            "/api/auth/register",
            Json("""{"email":"a@b.edu","password":"long enough","first_name":"A","last_name":"B","graduation_year":"soon"}"""));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["graduation_year"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingTheField_WhenAFieldIsMisspelled()
    {
        var response = await Factory.CreateClient().PostAsync("/api/auth/login", Json("""{"emial":"a@b.edu","password":"long enough"}"""));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["emial"]);
    }

    [Fact]
    public async Task ShouldAnswer415_WhenTheContentTypeIsNotJson()
    {
        using var body = new StringContent("email=a@b.edu&password=x", Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await Factory.CreateClient().PostAsync("/api/auth/login", body);

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("\"nonsense\"")]
    public async Task ShouldAnswer415Problem_WhenTheCharsetIsUnknown(string charset)
    {
        // Found by the OpenAPI fuzzer: the framework's JSON reader threw InvalidOperationException, a 500.
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"email":"a@b.edu","password":"long enough"}"""));
        body.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        var response = await Factory.CreateClient().PostAsync("/api/auth/login", body);

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task ShouldAnswer400NamingTheField_WhenParticipantsIsNull()
    {
        // Found by the OpenAPI fuzzer: the validator counted a null list, a 500.
        var ann = await RegisterAndLoginAsync();

        var response = await ann.Http.PostAsync("/api/chat/conversations", Json("""{"participants":null,"title":"House"}"""));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["participants"]);
    }

    [Fact]
    public async Task ShouldAnswer413_WhenTheBodyIsOver1MB()
    {
        var huge = $$"""{"email":"a@b.edu","password":"{{new string('x', 1024 * 1024)}}"}""";

        var response = await Factory.CreateClient().PostAsync("/api/auth/login", Json(huge));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/users/not-a-uuid")]
    [InlineData("/definitely/not/a/route")]
    public async Task ShouldAnswer404Problem_WhenTheRouteIsUnknown(string path)
    {
        var response = await Factory.CreateClient().GetAsync(path);

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ShouldAnswer405Problem_WhenTheMethodIsWrong()
    {
        var response = await Factory.CreateClient().DeleteAsync("/api/auth/login");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task ShouldNotFail_WhenStringsHoldUnicodeAndControlCharacters()
    {
        var response = await Factory.CreateClient().PostAsync(
            "/api/auth/register",
            Json("""{"email":"zoë@exämple.edu","password":"pässwörd 🏠🏠","first_name":"Zoë \u0000","last_name":"𝓛𝓮𝓮"}"""));

        ((int)response.StatusCode).ShouldBeLessThan(500);
    }
}
