using System.Net;
using System.Text.Json;

namespace Homelette.WebApi.FunctionalTests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>Checks the response is RFC 9457 problem details with the status, and returns its JSON.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("Exception");
        body.ShouldNotContain("   at ");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }

    /// <summary>Checks for a 400 validation problem and returns its errors per field.</summary>
    public static async Task<Dictionary<string, string[]>> ShouldBeValidationProblemAsync(HttpResponseMessage response)
    {
        var problem = await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
