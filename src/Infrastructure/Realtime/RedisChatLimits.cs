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

    private static readonly LuaScript CountScript = LuaScript.Prepare(
        """
        local count = redis.call('INCR', @key)
        if count == 1 then redis.call('PEXPIRE', @key, @window) end
        return count
        """);

    public async Task<bool> TryAcquireAsync(Guid userId, Guid conversationId, CancellationToken cancellationToken)
    {
        try
        {
            return await redis.GetDatabase().StringSetAsync($"homelette:typing:{userId}:{conversationId}", 1, TypingInterval, When.NotExists);
        }
        catch (RedisException ex)
        {
            LogFailedOpen(logger, ex, "typing");
            return true;
        }
    }

    public async Task<bool> TryAcquireMessageAsync(Guid userId, CancellationToken cancellationToken)
    {
        var window = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / (long)ChatConstraints.MessageWindow.TotalMilliseconds;
        try
        {
            var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(CountScript, new
            {
                key = (RedisKey)$"homelette:rate:messages:{userId}:{window}",
                window = (long)ChatConstraints.MessageWindow.TotalMilliseconds,
            });
            return count <= ChatConstraints.MessagesPerWindow;
        }
        catch (RedisException ex)
        {
            LogFailedOpen(logger, ex, "message rate");
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is out of reach; the {Limit} limit lets everything through meanwhile")]
    private static partial void LogFailedOpen(ILogger logger, Exception exception, string limit);
}
