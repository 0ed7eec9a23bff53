using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Homelette.Application.Auth.Commands.Login;
using Homelette.Application.Common.Interfaces;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Homelette.Infrastructure.Identity;

/// <summary>
/// Failed sign-ins in Redis, per client address (an IPv6 client's /64) and email: a sliding log of the failures of the
/// last window, each sign-in counted before its password is checked and uncounted when that was not what failed,
/// scored by Redis's own clock (one clock for every instance). The key is a hash of the address and the email, so
/// Redis holds no email address in clear (a plain hash: it hides, it does not protect). While Redis is out of reach sign-ins are not throttled (and a warning is logged):
/// signing in keeps working.
/// </summary>
/// <remarks>The address is the connection's. Behind a reverse proxy it would be the proxy's, and every user would
/// share one count; such a deployment has to forward the client's address (ASP.NET Core's forwarded headers).</remarks>
internal sealed partial class RedisLoginThrottle(
    IConnectionMultiplexer redis, IHttpContextAccessor httpContext, ILogger<RedisLoginThrottle> logger) : ILoginThrottle
{
    private const string Prefix = "homelette:login-failures:";

    // Counts the attempt (returns 0) while the window holds fewer failures than the limit; else the milliseconds
    // until the limit-th most recent failure leaves the window, when a next attempt may go ahead.
    private static readonly LuaScript BeginScript = LuaScript.Prepare(
        """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local window = tonumber(@window)
        local limit = tonumber(@limit)
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', now - window)
        if redis.call('ZCARD', @key) < limit then
          redis.call('ZADD', @key, now, @slot)
          redis.call('PEXPIRE', @key, window)
          return 0
        end
        local boundary = redis.call('ZRANGE', @key, -limit, -limit, 'WITHSCORES')
        return math.max(1, tonumber(boundary[2]) + window - now)
        """);

    public async Task<LoginAttempt> BeginAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var slot = Guid.NewGuid().ToString("N");
        try
        {
            var waitMs = (long)await redis.GetDatabase().ScriptEvaluateAsync(BeginScript, new
            {
                key = Key(normalizedEmail),
                window = (long)LoginThrottling.Window.TotalMilliseconds,
                limit = LoginThrottling.MaxFailures,
                slot,
            });
            return waitMs > 0
                ? LoginAttempt.Refused(normalizedEmail, TimeSpan.FromMilliseconds(waitMs))
                : LoginAttempt.Counted(normalizedEmail, slot);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogFailedOpen(logger, ex);
            return LoginAttempt.Counted(normalizedEmail, slot: null);
        }
    }

    public async Task ForgiveAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.Slot is not { } slot)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().SortedSetRemoveAsync(Key(attempt.NormalizedEmail), slot);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogFailedOpen(logger, ex);
        }
    }

    private RedisKey Key(string normalizedEmail)
    {
        var address = ClientNetwork(httpContext.HttpContext?.Connection.RemoteIpAddress);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{address}\n{normalizedEmail}")));
        return Prefix + Convert.ToHexString(hash);
    }

    /// <summary>
    /// Whom the count is for: an IPv4 address (also when it reaches us IPv4-mapped), or the /64 network of an IPv6
    /// address, because one IPv6 client usually holds a whole /64 and could otherwise try from a new address each time.
    /// </summary>
    internal static string ClientNetwork(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is out of reach; failed sign-ins are not counted meanwhile")]
    private static partial void LogFailedOpen(ILogger logger, Exception exception);
}
