using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;
using StackExchange.Redis;

namespace Homelette.Infrastructure.Data;

/// <summary>
/// Tells a failure that means "MariaDB or Redis is out of reach right now" (a retry later may succeed, nothing was
/// acknowledged) from a bug. Both hosts answer the first with "unavailable" (REST 503 with Retry-After, hub error
/// code <c>unavailable</c>) and keep 500 for the second.
/// </summary>
public static class Outage
{
    public static bool Is(Exception exception) => exception switch
    {
        // The execution strategy's retries ran out, a timeout (ours or the driver's), Redis unreachable.
        RetryLimitExceededException or TimeoutException or RedisException => true,
        // MySqlConnector marks connection failures, lost connections and server shutdown as transient; a read cut
        // short ("Failed to read the result set") carries the socket's failure inside.
        MySqlException mysql => mysql.IsTransient || (mysql.InnerException is { } inner && Is(inner)),
        MySqlEndOfStreamException or SocketException => true,
        IOException { InnerException: SocketException } => true,
        DbUpdateException { InnerException: { } inner } => Is(inner),
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(Is),
        _ => false,
    };
}
