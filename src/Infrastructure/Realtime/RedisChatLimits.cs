using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Chat;
using StackExchange.Redis;

namespace Homelette.Infrastructure.Realtime;

/// <summary>Per-user limits shared by every ChatHost instance, kept in Redis with expiring keys.</summary>
internal sealed class RedisChatLimits(IConnectionMultiplexer redis) : ITypingThrottle, IChatRateLimiter
{
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(1);

    private static readonly LuaScript CountScript = LuaScript.Prepare(
        """
        local count = redis.call('INCR', @key)
        if count == 1 then redis.call('PEXPIRE', @key, @window) end
        return count
        """);

    public Task<bool> TryAcquireAsync(Guid userId, Guid conversationId, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync($"homelette:typing:{userId}:{conversationId}", 1, TypingInterval, When.NotExists);

    public async Task<bool> TryAcquireMessageAsync(Guid userId, CancellationToken cancellationToken)
    {
        var window = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / (long)ChatConstraints.MessageWindow.TotalMilliseconds;
        var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(CountScript, new
        {
            key = (RedisKey)$"homelette:rate:messages:{userId}:{window}",
            window = (long)ChatConstraints.MessageWindow.TotalMilliseconds,
        });
        return count <= ChatConstraints.MessagesPerWindow;
    }
}
