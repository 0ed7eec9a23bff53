using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
using Homelette.Application.Common.Interfaces;
using Homelette.Infrastructure.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using NSubstitute;

namespace Homelette.Infrastructure.UnitTests.Data;

/// <summary>The hosts' execution strategy, as EF Core hands it out; the operations are stand-ins, nothing connects.</summary>
public sealed class BudgetedRetryStrategyTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddScoped(_ => Substitute.For<IPublisher>())
        .AddHomeletteDatabase("Server=127.0.0.1;Port=1;Database=homelette_never;User ID=nobody;Password=nothing")
        .BuildServiceProvider();

    private readonly IServiceScope _scope;

    public BudgetedRetryStrategyTests() => _scope = _services.CreateScope();

    private IExecutionStrategy Strategy() =>
        _scope.ServiceProvider.GetRequiredService<HomeletteDbContext>().Database.CreateExecutionStrategy();

    /// <summary>A statement whose connection broke under it, as MySqlConnector reports it (its constructors are internal).</summary>
    private static MySqlException BrokenConnection() => (MySqlException)Activator.CreateInstance(
        typeof(MySqlException),
        BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public,
        binder: null,
        ["Failed to read the result set.", new IOException("read failed", new SocketException((int)SocketError.ConnectionReset))],
        culture: null)!;

    [Fact]
    public void ShouldBeTheHostsStrategy() => Strategy().ShouldBeOfType<BudgetedRetryStrategy>();

    [Fact]
    public async Task ShouldRunTheStatementsWithoutTheCallersToken_SoAHangUpNeverSendsKillQuery()
    {
        using var caller = new CancellationTokenSource();
        CancellationToken seen = default;

        var result = await Strategy().ExecuteAsync(0, (_, _, token) =>
        {
            seen = token;
            return Task.FromResult(42);
        }, null, caller.Token);

        result.ShouldBe(42);
        seen.CanBeCanceled.ShouldBeFalse("MySqlConnector would cancel a running statement through KILL QUERY on a new connection");
    }

    [Fact]
    public async Task ShouldNotStart_WhenTheCallerHasAlreadyGivenUp()
    {
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();
        var runs = 0;

        await Should.ThrowAsync<OperationCanceledException>(() => Strategy().ExecuteAsync(0, (_, _, _) => Task.FromResult(++runs), null, caller.Token));

        runs.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldRetryAStatementWhoseConnectionBroke_OnAnotherTry()
    {
        var runs = 0;

        var result = await Strategy().ExecuteAsync(0, (_, _, _) => ++runs == 1 ? throw BrokenConnection() : Task.FromResult(runs), null, CancellationToken.None);

        result.ShouldBe(2);
    }

    [Fact]
    public async Task ShouldNotRetryABug()
    {
        var runs = 0;

        await Should.ThrowAsync<InvalidOperationException>(() => Strategy().ExecuteAsync<int, int>(0, (_, _, _) =>
        {
            runs++;
            throw new InvalidOperationException("a bug");
        }, null, CancellationToken.None));

        runs.ShouldBe(1);
    }

    [Fact]
    public async Task ShouldStopRetrying_OnceTheBudgetIsSpent()
    {
        var runs = 0;
        var started = Stopwatch.GetTimestamp();

        var failure = await Should.ThrowAsync<RetryLimitExceededException>(() => Strategy().ExecuteAsync<int, int>(0, async (_, _, _) =>
        {
            runs++;
            if (runs == 1)
            {
                // The first try waited, as a statement does for its time-out on a paused server.
                await Task.Delay(DatabaseSetup.RetryBudget + TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }

            throw BrokenConnection();
        }, null, CancellationToken.None));

        runs.ShouldBe(1, "no retry starts once the budget has passed");
        failure.InnerException.ShouldBeOfType<MySqlException>();
        Stopwatch.GetElapsedTime(started).ShouldBeLessThan(DatabaseSetup.RetryBudget + TimeSpan.FromSeconds(2), "the failure is reported at once");
    }

    [Fact]
    public async Task ShouldRetryAtMostThreeTimes_WhenEachTryFailsAtOnce()
    {
        var runs = 0;

        await Should.ThrowAsync<RetryLimitExceededException>(() => Strategy().ExecuteAsync(0, (_, _, _) =>
        {
            runs++;
            return Task.FromException<int>(BrokenConnection());
        }, null, CancellationToken.None));

        runs.ShouldBe(1 + DatabaseSetup.MaxRetries);
    }

    public void Dispose()
    {
        _scope.Dispose();
        _services.Dispose();
    }
}
