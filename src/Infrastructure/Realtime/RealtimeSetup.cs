using Homelette.Application.Common.Interfaces;
using Homelette.Infrastructure.Presence;
using Homelette.Infrastructure.Web;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Homelette.Infrastructure.Realtime;

public static class RealtimeSetup
{
    /// <summary>Most bytes of one hub message a client may send.</summary>
    public const int MaxHubMessageBytes = 16 * 1024;

    /// <summary>
    /// SignalR on the Redis backplane (channel prefix "Chat:RedisChannelPrefix"), the snake_case JSON protocol,
    /// users identified by their token's subject, and the chat notifier. Both hosts call it: the ChatHost maps
    /// the hub, the WebApi only pushes through it.
    /// </summary>
    /// <summary>
    /// What only a ChatHost needs: the presence heartbeat of this instance (section "Presence") and the sweep of
    /// dead instances' connections.
    /// </summary>
    public static IServiceCollection AddHomelettePresenceHeartbeat(this IServiceCollection services)
    {
        services.AddOptions<PresenceOptions>()
            .BindConfiguration(PresenceOptions.SectionName)
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero && o.InstanceTimeout > o.HeartbeatInterval,
                "Presence:InstanceTimeout must be longer than Presence:HeartbeatInterval, and both positive.")
            .ValidateOnStart();
        services.AddHostedService<PresenceHeartbeatService>();
        return services;
    }

    public static ISignalRServerBuilder AddHomeletteRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var redisConfiguration = configuration.GetConnectionString("Redis")
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is required.");
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddSingleton<IChatNotifier, SignalRChatNotifier>();
        services.AddSingleton<RedisChatLimits>();
        services.AddSingleton<ITypingThrottle>(provider => provider.GetRequiredService<RedisChatLimits>());
        services.AddSingleton<IChatRateLimiter>(provider => provider.GetRequiredService<RedisChatLimits>());
        return services
            .AddSignalR(hub =>
            {
                hub.EnableDetailedErrors = false;
                hub.MaximumReceiveMessageSize = MaxHubMessageBytes;
                hub.MaximumParallelInvocationsPerClient = 1;
            })
            .AddJsonProtocol(json => JsonDefaults.Apply(json.PayloadSerializerOptions))
            .AddStackExchangeRedis(redis =>
            {
                redis.Configuration = DependencyInjection.RedisOptions(redisConfiguration);
                redis.Configuration.ChannelPrefix = RedisChannel.Literal(configuration["Chat:RedisChannelPrefix"] ?? "homelette");
            });
    }
}
