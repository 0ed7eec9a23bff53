using StackExchange.Redis;

namespace Homelette.Testing;

public static class RedisReset
{
    /// <summary>
    /// Forgets every user's presence kept in the given Redis database, but not the running instances' heartbeats
    /// (a host without one would look dead to the others).
    /// </summary>
    public static async Task ClearPresenceAsync(IConnectionMultiplexer redis)
    {
        var db = redis.GetDatabase();
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            await foreach (var key in server.KeysAsync(db.Database, "homelette:presence:*"))
            {
                var name = key.ToString();
                if (!name.StartsWith("homelette:presence:alive:", StringComparison.Ordinal) && name != "homelette:presence:instances")
                {
                    await db.KeyDeleteAsync(key);
                }
            }
        }
    }
}
