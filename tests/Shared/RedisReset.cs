using StackExchange.Redis;

namespace Homelette.Testing;

public static class RedisReset
{
    /// <summary>Forgets all presence kept in the given Redis database.</summary>
    public static async Task ClearPresenceAsync(IConnectionMultiplexer redis)
    {
        var db = redis.GetDatabase();
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            await foreach (var key in server.KeysAsync(db.Database, "homelette:presence:*"))
            {
                await db.KeyDeleteAsync(key);
            }
        }
    }
}
