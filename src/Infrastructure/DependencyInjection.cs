using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Application.Listings.Queries.SearchListings;
using Homelette.Domain.Listings;
using Homelette.Infrastructure.Data;
using Homelette.Infrastructure.Health;
using Homelette.Infrastructure.Identity;
using Homelette.Infrastructure.Presence;
using Homelette.Infrastructure.Storage;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Homelette.Infrastructure;

public static class DependencyInjection
{
    public const string ReadyTag = "ready";

    /// <summary>How long each readiness check (MariaDB, Redis) may take before it counts as failed.</summary>
    public static readonly TimeSpan ReadinessCheckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Database, Redis, identity and health checks: everything both hosts share.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Default (environment variable ConnectionStrings__Default) is required.");
        var redisConfiguration = configuration.GetConnectionString("Redis")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Redis (environment variable ConnectionStrings__Redis) is required.");

        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();

        services.AddHomeletteDatabase(connectionString);
        services.AddScoped<IListingViewCounter, ListingViewCounter>();
        services.AddSingleton<IListingTextSearch, ListingTextSearch>();
        services.AddOptions<ListingSearchOptions>()
            .BindConfiguration(ListingSearchOptions.SectionName)
            .Validate(o => o.TextScanWindow >= 1, "Listings:Search:TextScanWindow must be at least 1.")
            .Validate(o => o.SmallBoxListings is >= 0 and <= 10_000, "Listings:Search:SmallBoxListings must be 0 to 10000.")
            .Validate(o => o.FirstCircleKm is > 0 and <= ListingConstraints.RadiusMaxKm, "Listings:Search:FirstCircleKm must be above 0 and at most the largest radius.")
            .ValidateOnStart();
        services.AddHomeletteStorage();

        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectRedis(redisConfiguration));
        services.AddSingleton<IPresence, RedisPresence>();

        services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<JwtOptions>, JwtOptionsDefaults>();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddSingleton<ITokenIssuer, JwtTokenIssuer>();
        services.AddSingleton<LowPriorityWorkers>();
        services.AddSingleton<IPasswordHasher, PasswordHasher>();
        services.AddSingleton<ILoginThrottle, RedisLoginThrottle>();
        services.AddSingleton(provider => new CursorCodec(CursorCodec.DeriveKey(provider.GetRequiredService<IOptions<JwtOptions>>().Value.Key)));
        services.AddScoped<ICurrentUser, CurrentUser>();

        services.AddHealthChecks()
            .Add(new HealthCheckRegistration("mariadb", _ => new MariaDbHealthCheck(connectionString), failureStatus: null, tags: [ReadyTag]))
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
        // A dependency that accepts connections and never answers (a paused MariaDB) must make readiness fail soon,
        // not hang the probe for as long as the server is away.
        services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                registration.Timeout = ReadinessCheckTimeout;
            }
        });
        return services;
    }

    /// <summary>
    /// The database: pooled contexts, so that a context and EF Core's services inside it are built once and reused
    /// rather than for every request and hub call (that building was a tenth of the ChatHost's CPU per message).
    /// The pool's scoped lease hands one context to a scope and takes it back once when the scope ends. The use cases
    /// get it as <see cref="IAppDbContext"/>, with the scope's publisher for the domain events.
    /// </summary>
    internal static IServiceCollection AddHomeletteDatabase(this IServiceCollection services, string connectionString)
    {
        services.AddDbContextPool<HomeletteDbContext>(options => DatabaseSetup.Configure(options, connectionString));
        services.AddScoped<IAppDbContext>(provider =>
        {
            var context = provider.GetRequiredService<HomeletteDbContext>();
            context.Publisher = provider.GetRequiredService<IPublisher>();
            context.EventLogger = provider.GetService<ILogger<HomeletteDbContext>>();
            return context;
        });
        return services;
    }

    /// <summary>
    /// Redis options for every connection: never fail start-up, time out quickly, and while Redis is out of reach
    /// fail each command at once instead of holding it for the reconnection (what depends on Redis either fails open,
    /// like the chat limits, or is caught up later, like real-time delivery through sync). The connection comes back
    /// by itself.
    /// </summary>
    public static ConfigurationOptions RedisOptions(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 5000;
        options.SyncTimeout = 5000;
        options.AsyncTimeout = 5000;
        return options;
    }

    private static ConnectionMultiplexer ConnectRedis(string configuration) =>
        ConnectionMultiplexer.Connect(RedisOptions(configuration));
}
