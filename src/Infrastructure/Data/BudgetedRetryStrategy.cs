using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;

namespace Homelette.Infrastructure.Data;

/// <summary>
/// Pomelo's retrying strategy (a few quick retries of transient failures, in increasing steps) with a time budget: no
/// retry starts once <see cref="DatabaseSetup.RetryBudget"/> has passed since the operation began. A refused
/// connection fails in microseconds and is worth retrying while MariaDB restarts; an operation that already waited for
/// a time-out (a paused or overloaded server) is not retried into a longer wait: the request fails with a 503 and the
/// client decides (ADR 0019).
/// </summary>
internal sealed class BudgetedRetryStrategy(ExecutionStrategyDependencies dependencies)
    : MySqlRetryingExecutionStrategy(dependencies, DatabaseSetup.MaxRetries, DatabaseSetup.MaxRetryDelay, errorNumbersToAdd: null)
{
    private long _started;

    /// <summary>
    /// Runs the operation's statements without the caller's cancellation token; the token still stops the retries and
    /// the waits between them. MySqlConnector cancels a running statement by opening a new connection to MariaDB and
    /// sending KILL QUERY on it, synchronously, on the thread that cancels: a client hanging up on a request would cost
    /// a connection and block a thread for up to 6 s while MariaDB is paused (measured: 10 clients that give up after
    /// 1 s slowed liveness to 0.5 s; ADR 0019). The hosts' statements take milliseconds, and a slow one ends by the
    /// statement time-out (<see cref="DatabaseSetup.CommandTimeout"/>). Code that runs its own transaction in an
    /// operation must use the token the operation is given, not its caller's: BeginTransactionAsync and CommitAsync do
    /// not pass through here.
    /// </summary>
    public override Task<TResult> ExecuteAsync<TState, TResult>(
        TState state,
        Func<DbContext, TState, CancellationToken, Task<TResult>> operation,
        Func<DbContext, TState, CancellationToken, Task<ExecutionResult<TResult>>>? verifySucceeded,
        CancellationToken cancellationToken = default) =>
        base.ExecuteAsync(
            state,
            (context, operationState, _) => operation(context, operationState, CancellationToken.None),
            verifySucceeded is null ? null : (context, operationState, _) => verifySucceeded(context, operationState, CancellationToken.None),
            cancellationToken);

    protected override void OnFirstExecution()
    {
        base.OnFirstExecution();
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Pomelo's transient errors, and a statement whose connection broke under it ("Failed to read the result set"):
    /// a pooled connection that died with a restarted server fails its first statement that way, before anything
    /// was sent that the server kept, so another connection may try again. (A write whose commit was on the wire when
    /// the connection broke may run twice; the writes clients retry carry client ids or natural keys, so a second
    /// run meets a duplicate key and answers with what is stored.)
    /// </summary>
    protected override bool ShouldRetryOn(Exception exception) =>
        base.ShouldRetryOn(exception)
        || exception is MySqlException { InnerException: IOException or SocketException };

    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        var delay = base.GetNextDelay(lastException);
        return delay is { } next && Stopwatch.GetElapsedTime(_started) + next < DatabaseSetup.RetryBudget ? next : null;
    }
}
