using Homelette.Application.Common.Interfaces;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Homelette.Infrastructure.Presence;

/// <summary>
/// Presence in Redis. Per user, a hash of connection id → instance id; per instance, a heartbeat key that expires
/// and the set of its users. A connection counts while its instance's heartbeat lives, so the users of an instance
/// that dies without a goodbye go offline when the heartbeat expires and a sweep runs. Lua scripts keep each
/// change atomic, so that instances racing on one user agree on the first and the last connection.
/// </summary>
internal sealed class RedisPresence(IConnectionMultiplexer redis, IOptions<PresenceOptions> options) : IPresence
{
    private const string Prefix = "homelette:presence:";
    private const string AlivePrefix = Prefix + "alive:";
    private const string InstancesKey = Prefix + "instances";
    private const string SweepLockKey = Prefix + "sweep-lock";

    // Counts the user's connections whose instance is alive (or is this one).
    private const string CountLive =
        """
        local function live(user, me)
          local all = redis.call('HGETALL', user)
          local n = 0
          for i = 1, #all, 2 do
            if all[i + 1] == me or redis.call('EXISTS', ARGV[1] .. all[i + 1]) == 1 then n = n + 1 end
          end
          return n
        end
        """;

    private static readonly LuaScript ConnectScript = LuaScript.Prepare(CountLive.Replace("ARGV[1]", "@alivePrefix", StringComparison.Ordinal) + "\n" +
        """
        redis.call('HSET', @user, @connection, @instance)
        redis.call('SADD', @instanceUsers, @userId)
        redis.call('SADD', @instances, @instance)
        return live(@user, @instance)
        """);

    private static readonly LuaScript DisconnectScript = LuaScript.Prepare(CountLive.Replace("ARGV[1]", "@alivePrefix", StringComparison.Ordinal) + "\n" +
        """
        local removed = redis.call('HDEL', @user, @connection)
        local stillHere = false
        local all = redis.call('HGETALL', @user)
        for i = 1, #all, 2 do
          if all[i + 1] == @instance then stillHere = true end
        end
        if not stillHere then redis.call('SREM', @instanceUsers, @userId) end
        if removed == 0 then return -1 end
        return live(@user, @instance)
        """);

    // KEYS: the users' hashes. Returns 1/0 per user.
    private const string OnlineScript =
        """
        local result = {}
        for k = 1, #KEYS do
          local all = redis.call('HGETALL', KEYS[k])
          local online = 0
          for i = 1, #all, 2 do
            if redis.call('EXISTS', ARGV[1] .. all[i + 1]) == 1 then online = 1 break end
          end
          result[k] = online
        end
        return result
        """;

    // ARGV: alive prefix, presence prefix, dead instance. Returns the users left without a live connection.
    private const string SweepScript =
        """
        local dead = ARGV[3]
        local usersKey = ARGV[2] .. 'instance-users:' .. dead
        local offline = {}
        for _, user in ipairs(redis.call('SMEMBERS', usersKey)) do
          local key = ARGV[2] .. 'user:' .. user
          local all = redis.call('HGETALL', key)
          local live = 0
          for i = 1, #all, 2 do
            if all[i + 1] == dead then
              redis.call('HDEL', key, all[i])
            elseif redis.call('EXISTS', ARGV[1] .. all[i + 1]) == 1 then
              live = live + 1
            end
          end
          if live == 0 then table.insert(offline, user) end
        end
        redis.call('DEL', usersKey)
        redis.call('SREM', ARGV[2] .. 'instances', dead)
        return offline
        """;

    private string Instance => options.Value.InstanceId;

    public async Task<int> ConnectedAsync(Guid userId, string connectionId, CancellationToken cancellationToken) =>
        (int)(long)await redis.GetDatabase().ScriptEvaluateAsync(ConnectScript, Arguments(userId, connectionId));

    public async Task<int> DisconnectedAsync(Guid userId, string connectionId, CancellationToken cancellationToken) =>
        (int)(long)await redis.GetDatabase().ScriptEvaluateAsync(DisconnectScript, Arguments(userId, connectionId));

    public async Task<IReadOnlyList<Guid>> OnlineAmongAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return [];
        }

        var ids = userIds.ToList();
        var flags = (long[])(await redis.GetDatabase().ScriptEvaluateAsync(
            OnlineScript, [.. ids.Select(UserKey)], [AlivePrefix]))!;
        return [.. ids.Where((_, i) => flags[i] == 1)];
    }

    public Task HeartbeatAsync(CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(AlivePrefix + Instance, 1, options.Value.InstanceTimeout);

    public async Task<IReadOnlyList<Guid>> SweepDeadInstancesAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        if (!await db.StringSetAsync(SweepLockKey, Instance, options.Value.HeartbeatInterval, When.NotExists))
        {
            return [];
        }

        var offline = new List<Guid>();
        foreach (var instance in await db.SetMembersAsync(InstancesKey))
        {
            if (instance == Instance || await db.KeyExistsAsync(AlivePrefix + instance))
            {
                continue;
            }

            var users = (RedisValue[])(await db.ScriptEvaluateAsync(SweepScript, values: [AlivePrefix, Prefix, instance]))!;
            offline.AddRange(users.Select(u => Guid.Parse(u.ToString())));
        }

        return offline;
    }

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetDatabase().KeyDeleteAsync(AlivePrefix + Instance);

    private static RedisKey UserKey(Guid userId) => $"{Prefix}user:{userId}";

    private object Arguments(Guid userId, string connectionId) => new
    {
        user = UserKey(userId),
        instanceUsers = (RedisKey)$"{Prefix}instance-users:{Instance}",
        instances = (RedisKey)InstancesKey,
        alivePrefix = AlivePrefix,
        connection = connectionId,
        instance = Instance,
        userId = userId.ToString(),
    };
}
