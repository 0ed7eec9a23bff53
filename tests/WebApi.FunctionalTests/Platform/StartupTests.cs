using Homelette.Infrastructure.Identity;
using Homelette.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Homelette.WebApi.FunctionalTests.Platform;

public sealed class StartupTests
{
    public static TheoryData<string?> RefusedKeys() => new()
    {
        null,
        "too-short-key",
        JwtOptions.DevelopmentKey,
    };

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task ShouldRefuseToStart_OutsideDevelopment_WhenTheSigningKeyIsMissingShortOrTheDevelopmentKey(string? key)
    {
        await using var factory = new WebApplicationFactory<WebApiMarker>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Default", TestSettings.DatabaseConnectionString("webapi"));
            builder.UseSetting("ConnectionStrings:Redis", TestSettings.RedisConnectionString(1));
            builder.UseSetting("Jwt:Key", key ?? string.Empty);
        });

        var exception = Should.Throw<OptionsValidationException>(() => factory.CreateClient());

        exception.Message.ShouldContain("Jwt:Key");
        await Task.CompletedTask;
    }

    [Fact]
    public void ShouldStartWithTheDevelopmentKey_InDevelopment()
    {
        using var factory = new WebApplicationFactory<WebApiMarker>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Default", TestSettings.DatabaseConnectionString("webapi"));
            builder.UseSetting("ConnectionStrings:Redis", TestSettings.RedisConnectionString(1));
        });

        Should.NotThrow(() => factory.CreateClient());
    }

    [Theory]
    [InlineData("Auth:PasswordChecksAtOnce", "0")]
    [InlineData("Auth:PasswordChecksQueued", "-1")]
    public void ShouldRefuseToStart_WhenAPasswordCheckLimitIsOutOfRange(string setting, string value)
    {
        using var factory = new WebApplicationFactory<WebApiMarker>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Default", TestSettings.DatabaseConnectionString("webapi"));
            builder.UseSetting("ConnectionStrings:Redis", TestSettings.RedisConnectionString(1));
            builder.UseSetting(setting, value);
        });

        var exception = Should.Throw<OptionsValidationException>(() => factory.CreateClient());

        exception.Message.ShouldContain(setting);
    }
}
