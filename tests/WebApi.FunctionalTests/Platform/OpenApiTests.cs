using System.Net;
using System.Text.Json.Nodes;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Platform;

public sealed class OpenApiTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task ShouldDocument401_ForLogin()
    {
        var login = (await OperationsAsync()).Single(o => o.Path == "/api/auth/login");

        login.Operation["responses"]!.AsObject().Select(r => r.Key).ShouldContain("401");
    }

    [Fact]
    public async Task ShouldServeTheCheckedInDocument_FromWhichTheClientIsGenerated()
    {
        var served = JsonNode.Parse(await Factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "src", "Client", "openapi.json")))!.AsObject();
        served.Remove("servers");
        checkedIn.Remove("servers");

        JsonNode.DeepEquals(served, checkedIn).ShouldBeTrue(
            "src/Client/openapi.json is stale: build the WebApi in Debug to regenerate it and the client, then commit both.");
    }

    [Fact]
    public async Task ShouldServeSwaggerUi()
    {
        var response = await Factory.CreateClient().GetAsync("/swagger/index.html");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ShouldDocumentSuccessAndProblemResponses_ForEveryOperation()
    {
        foreach (var (path, method, operation) in await OperationsAsync())
        {
            var codes = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
            codes.ShouldContain(code => code.StartsWith('2'), $"{method} {path} documents no success");
            var expected = new List<string> { "400", "500" };
            if (operation["security"] is not null)
            {
                expected.Add("401");
            }

            if (operation["requestBody"] is not null)
            {
                expected.AddRange(["413", "415"]);
            }

            foreach (var code in expected)
            {
                codes.ShouldContain(code, $"{method} {path} documents no {code}");
            }

            foreach (var problem in codes.Where(c => !c.StartsWith('2')))
            {
                operation["responses"]![problem]!["content"]!.AsObject().Select(c => c.Key)
                    .ShouldContain("application/problem+json", $"{method} {path} {problem} is not problem details");
            }
            operation["operationId"]!.GetValue<string>().ShouldNotContain("_", customMessage: $"{method} {path} has an unreadable operation id");
        }
    }

    [Fact]
    public async Task ShouldAnswer401WithoutAToken_ForEveryOperationThatIsNotMarkedAnonymous()
    {
        var client = Factory.CreateClient();
        var secured = (await OperationsAsync()).Where(o => o.Operation["security"] is not null).ToList();
        secured.ShouldNotBeEmpty();

        foreach (var (path, method, operation) in secured)
        {
            var url = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", Guid.CreateVersion7().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
            var bodyTypes = operation["requestBody"]?["content"]?.AsObject().Select(c => c.Key).ToList() ?? [];
            if (bodyTypes.Contains("multipart/form-data"))
            {
                request.Content = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "image", "x.jpg" } };
            }
            else if (bodyTypes.Count > 0)
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request);

            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path}");
        }
    }

    private async Task<List<(string Path, string Method, JsonObject Operation)>> OperationsAsync()
    {
        var document = JsonNode.Parse(await Factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => Methods.Contains(op.Key))
                .Select(op => (path.Key, op.Key, op.Value!.AsObject())))
            .ToList();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Homelette.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Homelette.sln not found above the test output.");
    }
}
