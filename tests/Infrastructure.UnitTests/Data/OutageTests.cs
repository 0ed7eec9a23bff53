using System.Net.Sockets;
using Homelette.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;
using StackExchange.Redis;

namespace Homelette.Infrastructure.UnitTests.Data;

/// <summary>Which failures the hosts answer with "unavailable" (503, hub code unavailable) rather than a 500.</summary>
public sealed class OutageTests
{
    public static TheoryData<Exception> Outages() => new()
    {
        new RetryLimitExceededException("retries ran out", new TimeoutException()),
        new TimeoutException("the statement timed out"),
        new RedisConnectionException(ConnectionFailureType.SocketFailure, "Redis is away"),
        new SocketException((int)SocketError.ConnectionRefused),
        new IOException("read failed", new SocketException((int)SocketError.ConnectionReset)),
        new DbUpdateException("save failed", new SocketException((int)SocketError.ConnectionReset)),
        new AggregateException(new TimeoutException(), new RedisTimeoutException("slow", CommandStatus.Sent)),
    };

    public static TheoryData<Exception> Bugs() => new()
    {
        new InvalidOperationException("a bug"),
        new DbUpdateException("a constraint", new InvalidOperationException("not an outage")),
        new AggregateException(new TimeoutException(), new InvalidOperationException("a bug")),
        new AggregateException(),
        new IOException("a file"),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void ShouldCountAsAnOutage_WhenADependencyIsOutOfReach(Exception exception) =>
        Outage.Is(exception).ShouldBeTrue();

    [Theory]
    [MemberData(nameof(Bugs))]
    public void ShouldNotCountAsAnOutage_WhenItIsABug(Exception exception) =>
        Outage.Is(exception).ShouldBeFalse();

    [Fact]
    public void ShouldGiveUpOnAServerThatNeverAnswers_Soon()
    {
        var connection = new MySqlConnectionStringBuilder(DatabaseSetup.WithTimeouts("Server=db;Database=homelette"));

        connection.ConnectionTimeout.ShouldBe((uint)DatabaseSetup.ConnectTimeoutSeconds);
        connection.CancellationTimeout.ShouldBe(DatabaseSetup.CancellationTimeoutSeconds);
        connection.ConnectionReset.ShouldBeFalse("the reset of a pooled connection has no time-out of its own");
        connection.Server.ShouldBe("db");
    }

    [Fact]
    public void ShouldKeepTheTimeOuts_WhenTheConnectionStringNamesThem()
    {
        var connection = new MySqlConnectionStringBuilder(DatabaseSetup.WithTimeouts("Server=db;Connect Timeout=20;Cancellation Timeout=4;Connection Reset=true"));

        connection.ConnectionTimeout.ShouldBe(20u);
        connection.CancellationTimeout.ShouldBe(4);
        connection.ConnectionReset.ShouldBeTrue();
    }
}
