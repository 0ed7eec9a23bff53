using System.Net;
using System.Text.Json;
using Homelette.Testing;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Homelette.WebApi.FunctionalTests.Platform;

[Collection(WebApiCollection.Name)]
public sealed class ReadinessFailureTests
{
    [Fact]
    public async Task ShouldAnswer503NamingRedis_WhenRedisIsUnreachable()
    {
        await using var factory = new WebApplicationFactory<WebApiMarker>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(TestSettings.Environment);
            builder.UseSetting("ConnectionStrings:Default", TestSettings.DatabaseConnectionString("webapi"));
            // Nothing listens on port 1: Redis is "down" while MariaDB is fine.
            builder.UseSetting("ConnectionStrings:Redis", "127.0.0.1:1,connectTimeout=500");
            builder.UseSetting("Jwt:Key", TestSettings.JwtKey);
        });

        var response = await factory.CreateClient().GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        checks.GetProperty("redis").GetProperty("status").GetString().ShouldBe("unhealthy");
        checks.GetProperty("mariadb").GetProperty("status").GetString().ShouldBe("healthy");
    }
}
