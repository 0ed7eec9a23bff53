using Homelette.Application.Common.Interfaces;
using StackExchange.Redis;

namespace Homelette.Infrastructure.Presence;

/// <summary>
/// Presence in Redis: a set of connection ids per user and a set of online users, changed together
/// by Lua scripts so that two instances racing on one user agree on who was first and last.
/// </summary>
internal sealed class RedisPresence(IConnectionMultiplexer redis) : IPresence
{
    private const string OnlineKey = "homelette:presence:online";

    private static readonly LuaScript ConnectScript = LuaScript.Prepare(
        """
        redis.call('SADD', @connections, @connection)
        local count = redis.call('SCARD', @connections)
        redis.call('SADD', @online, @user)
        return count
        """);

    private static readonly LuaScript DisconnectScript = LuaScript.Prepare(
        """
        local removed = redis.call('SREM', @connections, @connection)
        local count = redis.call('SCARD', @connections)
        if count == 0 then redis.call('SREM', @online, @user) end
        return removed == 1 and count == 0 and 1 or 0
        """);

    public async Task<bool> ConnectedAsync(Guid userId, string connectionId, CancellationToken cancellationToken)
    {
        var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(ConnectScript, Arguments(userId, connectionId));
        return count == 1;
    }

    public async Task<bool> DisconnectedAsync(Guid userId, string connectionId, CancellationToken cancellationToken)
    {
        var wentOffline = (long)await redis.GetDatabase().ScriptEvaluateAsync(DisconnectScript, Arguments(userId, connectionId));
        return wentOffline == 1;
    }

    public async Task<IReadOnlyList<Guid>> OnlineUsersAsync(CancellationToken cancellationToken)
    {
        var members = await redis.GetDatabase().SetMembersAsync(OnlineKey);
        return members.Select(m => Guid.Parse(m.ToString())).ToList();
    }

    public async Task<IReadOnlyList<Guid>> OnlineAmongAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return [];
        }

        var ids = userIds.ToList();
        var online = await redis.GetDatabase().SetContainsAsync(OnlineKey, [.. ids.Select(id => (RedisValue)id.ToString())]);
        return [.. ids.Where((_, i) => online[i])];
    }

    private static object Arguments(Guid userId, string connectionId) => new
    {
        connections = (RedisKey)$"homelette:presence:user:{userId}",
        online = (RedisKey)OnlineKey,
        connection = connectionId,
        user = userId.ToString(),
    };
}
