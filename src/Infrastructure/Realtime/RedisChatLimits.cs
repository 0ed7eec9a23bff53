using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Chat;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Homelette.Infrastructure.Realtime;

/// <summary>Per-user limits shared by every ChatHost instance, kept in Redis with expiring keys.</summary>
/// <remarks>While Redis is out of reach the limits fail open (messages are still stored; typing still shows): a chat that
/// keeps working beats a limit that holds.</remarks>
internal sealed partial class RedisChatLimits(IConnectionMultiplexer redis, ILogger<RedisChatLimits> logger) : ITypingThrottle, IChatRateLimiter
{
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A sliding log: the sender's messages of the last window, scored by Redis's own clock (one clock for every
    /// instance). A fixed clock window would let 30 through just before a window boundary and 30 more just after.
    /// A send whose member is already in the log (a retry under the same client_message_id) goes through uncounted.
    /// </summary>
    private static readonly LuaScript SlidingLogScript = LuaScript.Prepare(
        """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local window = tonumber(@window)
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', now - window)
        if redis.call('ZSCORE', @key, @member) then return 1 end
        if redis.call('ZCARD', @key) >= tonumber(@limit) then return 0 end
        redis.call('ZADD', @key, now, @member)
        redis.call('PEXPIRE', @key, window)
        return 1
        """);

    public async Task<bool> TryAcquireAsync(Guid userId, Guid conversationId, CancellationToken cancellationToken)
    {
        try
        {
            return await redis.GetDatabase().StringSetAsync($"homelette:typing:{userId}:{conversationId}", 1, TypingInterval, When.NotExists);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogFailedOpen(logger, ex, "typing");
            return true;
        }
    }

    public async Task<bool> TryAcquireMessageAsync(Guid userId, string? clientMessageId, CancellationToken cancellationToken)
    {
        try
        {
            var acquired = (long)await redis.GetDatabase().ScriptEvaluateAsync(SlidingLogScript, new
            {
                key = (RedisKey)$"homelette:rate:messages:{userId}",
                window = (long)ChatConstraints.MessageWindow.TotalMilliseconds,
                limit = ChatConstraints.MessagesPerWindow,
                member = clientMessageId is null ? "send:" + Guid.NewGuid().ToString("N") : "client:" + clientMessageId,
            });
            return acquired == 1;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogFailedOpen(logger, ex, "message rate");
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is out of reach; the {Limit} limit lets everything through meanwhile")]
    private static partial void LogFailedOpen(ILogger logger, Exception exception, string limit);
}
