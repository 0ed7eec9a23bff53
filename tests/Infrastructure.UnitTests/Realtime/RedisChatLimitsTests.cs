using Homelette.Infrastructure.Realtime;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using StackExchange.Redis;

namespace Homelette.Infrastructure.UnitTests.Realtime;

public sealed class RedisChatLimitsTests
{
    private static RedisChatLimits LimitsOn(IDatabase database)
    {
        var redis = Substitute.For<IConnectionMultiplexer>();
        redis.GetDatabase(Arg.Any<int>(), Arg.Any<object?>()).Returns(database);
        return new RedisChatLimits(redis, NullLogger<RedisChatLimits>.Instance);
    }

    private static IDatabase UnreachableRedis()
    {
        var database = Substitute.For<IDatabase>();
        var down = new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is down");
        database.ScriptEvaluateAsync(Arg.Any<LuaScript>(), Arg.Any<object?>(), Arg.Any<CommandFlags>()).ThrowsAsync(down);
        database.StringSetAsync(Arg.Any<RedisKey>(), Arg.Any<RedisValue>(), Arg.Any<TimeSpan?>(), Arg.Any<When>()).ThrowsAsync(down);
        return database;
    }

    [Fact]
    public async Task ShouldLetAMessageThrough_WhenRedisIsOutOfReach() =>
        (await LimitsOn(UnreachableRedis()).TryAcquireMessageAsync(Guid.NewGuid(), clientMessageId: null, CancellationToken.None)).ShouldBeTrue();

    [Fact]
    public async Task ShouldLetTypingThrough_WhenRedisIsOutOfReach() =>
        (await LimitsOn(UnreachableRedis()).TryAcquireAsync(Guid.NewGuid(), Guid.NewGuid(), CancellationToken.None)).ShouldBeTrue();

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public async Task ShouldFollowTheSlidingLog_WhenRedisAnswers(long scriptResult, bool allowed)
    {
        var database = Substitute.For<IDatabase>();
        database.ScriptEvaluateAsync(Arg.Any<LuaScript>(), Arg.Any<object?>(), Arg.Any<CommandFlags>())
            .Returns(RedisResult.Create((RedisValue)scriptResult));

        (await LimitsOn(database).TryAcquireMessageAsync(Guid.NewGuid(), clientMessageId: null, CancellationToken.None)).ShouldBe(allowed);
    }
}
