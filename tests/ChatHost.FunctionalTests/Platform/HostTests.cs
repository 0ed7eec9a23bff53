using System.Net;
using System.Text.Json;
using Homelette.Application.Common.Behaviors;
using Homelette.Application.Presence.Commands.ConnectUser;
using Homelette.ChatHost.FunctionalTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.ChatHost.FunctionalTests.Platform;

public sealed class HostTests(ChatFixture fixture) : ChatTestBase(fixture)
{
    [Fact]
    public void ShouldRunValidation_ForHubCommands()
    {
        using var scope = Fixture.InstanceA.Services.CreateScope();

        var behaviors = scope.ServiceProvider.GetServices<IPipelineBehavior<ConnectUserCommand, ConnectUserResult>>();

        behaviors.ShouldContain(b => b is ValidationBehavior<ConnectUserCommand, ConnectUserResult>);
    }

    [Fact]
    public async Task ShouldAnswer200_WhenAskedIfAlive()
    {
        var response = await Fixture.InstanceA.CreateClient().GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ShouldReportMariaDbAndRedisHealthy_WhenAskedIfReady()
    {
        var response = await Fixture.InstanceA.CreateClient().GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        checks.GetProperty("mariadb").GetProperty("status").GetString().ShouldBe("healthy");
        checks.GetProperty("redis").GetProperty("status").GetString().ShouldBe("healthy");
    }

    [Fact]
    public async Task ShouldAnswer404Problem_ForAnUnknownRoute()
    {
        var response = await Fixture.InstanceA.CreateClient().GetAsync("/no/such/thing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }
}
