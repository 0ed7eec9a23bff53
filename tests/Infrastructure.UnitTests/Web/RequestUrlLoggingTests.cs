using Homelette.Infrastructure.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Homelette.Infrastructure.UnitTests.Web;

public sealed class RequestUrlLoggingTests
{
    private const string Hosting = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static TheoryData<string> VerboseSettings() => new()
    {
        "Logging:LogLevel:Default",
        "Logging:LogLevel:Microsoft.AspNetCore",
        "Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics",
        "Logging:Probe:LogLevel:Default",
        "Logging:Probe:LogLevel:Microsoft.AspNetCore",
        "Logging:Probe:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics",
    };

    [Theory]
    [MemberData(nameof(VerboseSettings))]
    public void ShouldKeepTheHostingLogAtWarning_WhateverLevelTheConfigurationSets(string setting)
    {
        using var services = Build(setting, keepUrlsOut: true);
        var hosting = services.GetRequiredService<ILoggerFactory>().CreateLogger(Hosting);

        hosting.IsEnabled(LogLevel.Information).ShouldBeFalse("its Information entries carry the URL with the query string");
        hosting.IsEnabled(LogLevel.Warning).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(VerboseSettings))]
    public void ShouldLeaveEveryOtherCategoryAsConfigured(string setting)
    {
        using var services = Build(setting, keepUrlsOut: true);
        var category = setting.EndsWith("Default", StringComparison.Ordinal) ? "Homelette.Anything" : "Microsoft.AspNetCore.Routing";

        services.GetRequiredService<ILoggerFactory>().CreateLogger(category).IsEnabled(LogLevel.Trace)
            .ShouldBe(!setting.EndsWith("Hosting.Diagnostics", StringComparison.Ordinal));
    }

    [Fact]
    public void ShouldNotBeLeftToAPlainFilter_WhichAProviderRuleOverrides()
    {
        // Why RequestUrlLogging exists: the filter the ChatHost had lost to any rule configured for one provider.
        using var services = Build("Logging:Probe:LogLevel:Default", keepUrlsOut: false);

        services.GetRequiredService<ILoggerFactory>().CreateLogger(Hosting).IsEnabled(LogLevel.Information).ShouldBeTrue();
    }

    private static ServiceProvider Build(string setting, bool keepUrlsOut)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                [setting] = "Trace",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddProvider(new Probe());
            logging.AddFilter(Hosting, LogLevel.Warning);
            if (keepUrlsOut)
            {
                logging.KeepRequestUrlsOutOfLogs();
            }
        });
        return services.BuildServiceProvider();
    }

    /// <summary>A provider that would write everything: what reaches it is the filter rules' decision alone.</summary>
    [ProviderAlias("Probe")]
    private sealed class Probe : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
