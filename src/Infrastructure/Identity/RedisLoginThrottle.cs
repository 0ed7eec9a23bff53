using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Homelette.Application.Auth.Commands.Login;
using Homelette.Application.Common.Interfaces;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Homelette.Infrastructure.Identity;

/// <summary>
/// Failed sign-ins in Redis, per client address and email: a sliding log of the failures of the last window,
/// scored by Redis's own clock (one clock for every instance). The key is a hash of the address and the email, so
/// Redis holds no email address. While Redis is out of reach sign-ins are not throttled (and a warning is logged):
/// signing in keeps working.
/// </summary>
/// <remarks>The address is the connection's. Behind a reverse proxy it would be the proxy's, and every user would
/// share one count; such a deployment has to forward the client's address (ASP.NET Core's forwarded headers).</remarks>
internal sealed partial class RedisLoginThrottle(
    IConnectionMultiplexer redis, IHttpContextAccessor httpContext, ILogger<RedisLoginThrottle> logger) : ILoginThrottle
{
    private const string Prefix = "homelette:login-failures:";

    // Returns the milliseconds to wait, 0 when a sign-in may go ahead.
    private static readonly LuaScript WaitScript = LuaScript.Prepare(
        """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local window = tonumber(@window)
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', now - window)
        local limit = tonumber(@limit)
        if redis.call('ZCARD', @key) < limit then return 0 end
        local oldest = redis.call('ZRANGE', @key, -limit, -limit, 'WITHSCORES')
        return math.max(1, tonumber(oldest[2]) + window - now)
        """);

    private static readonly LuaScript RecordScript = LuaScript.Prepare(
        """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        redis.call('ZADD', @key, now, @member)
        redis.call('PEXPIRE', @key, @window)
        return 1
        """);

    public async Task<TimeSpan?> RetryAfterAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        try
        {
            var waitMs = (long)await redis.GetDatabase().ScriptEvaluateAsync(WaitScript, new
            {
                key = Key(normalizedEmail),
                window = (long)LoginThrottling.Window.TotalMilliseconds,
                limit = LoginThrottling.MaxFailures,
            });
            return waitMs > 0 ? TimeSpan.FromMilliseconds(waitMs) : null;
        }
        catch (RedisException ex)
        {
            LogFailedOpen(logger, ex);
            return null;
        }
    }

    public async Task RecordFailureAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(RecordScript, new
            {
                key = Key(normalizedEmail),
                window = (long)LoginThrottling.Window.TotalMilliseconds,
                member = Guid.NewGuid().ToString("N"),
            });
        }
        catch (RedisException ex)
        {
            LogFailedOpen(logger, ex);
        }
    }

    private RedisKey Key(string normalizedEmail)
    {
        var address = httpContext.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{address}\n{normalizedEmail}")));
        return Prefix + Convert.ToHexString(hash);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is out of reach; failed sign-ins are not counted meanwhile")]
    private static partial void LogFailedOpen(ILogger logger, Exception exception);
}
