using System.Net;
using System.Text.Json;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Platform;

public sealed class HealthTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    [Fact]
    public async Task ShouldAnswer200WithoutAToken_WhenAskedIfAlive()
    {
        var response = await Factory.CreateClient().GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ShouldReportMariaDbAndRedisHealthy_WhenAskedIfReady()
    {
        var response = await Factory.CreateClient().GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        checks.GetProperty("mariadb").GetProperty("status").GetString().ShouldBe("healthy");
        checks.GetProperty("redis").GetProperty("status").GetString().ShouldBe("healthy");
    }
}
