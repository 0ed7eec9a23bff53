using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Homelette.Infrastructure.Data;

internal static class DatabaseSetup
{
    public const string DevelopmentConnectionString =
        "Server=127.0.0.1;Port=3306;Database=homelette;User ID=homelette;Password=homelette";

    /// <summary>Pinned rather than detected, so start-up and `dotnet ef` never need a live server.</summary>
    public static readonly MariaDbServerVersion ServerVersion = new(new Version(10, 11, 0));

    /// <summary>Retries of a transient failure (a refused or dropped connection, a deadlock), at most this many...</summary>
    public const int MaxRetries = 3;

    /// <summary>...spaced by increasing delays of at most this...</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>...and none that would start later than this after the operation began (<see cref="BudgetedRetryStrategy"/>).</summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A statement's time-out. Every query and save of the hosts takes milliseconds; one that takes seconds waits for a
    /// paused or drowning server, and the request answers 503 instead of holding the client (and a pooled connection)
    /// for as long as the server stays away. Migrations set their own (<see cref="MigrationCommandTimeout"/>).
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan MigrationCommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Opening a connection: a server that accepts the TCP connection but never greets (paused, swapping) is given up
    /// after this. MySqlConnector's default is 15 s. A connection string that names its own time-out keeps it.
    /// </summary>
    public const int ConnectTimeoutSeconds = 3;

    /// <summary>
    /// What MySqlConnector does when a statement's time-out expires: -1 closes its connection at once, sending no KILL
    /// QUERY. Any positive value (the default is 2 s) first opens a new connection to send KILL QUERY and waits that long
    /// for it, synchronously, on the one timer callback that runs every statement time-out of the process falling due at
    /// the same moment, one after another; a paused server holds each of those connections, so under load some
    /// statements timed out only when the pause ended (ADR 0019). The hosts' statements take milliseconds: one still
    /// running after <see cref="CommandTimeout"/> waits for a server in trouble. The price: a live but slow server is
    /// not told to stop it, and finishes it (or stops when it next writes to the closed connection).
    /// </summary>
    public const int CancellationTimeoutSeconds = -1;

    public static void Configure(DbContextOptionsBuilder options, string connectionString, TimeSpan? commandTimeout = null) =>
        options.UseMySql(WithTimeouts(connectionString), ServerVersion, mysql =>
            {
                mysql.MigrationsAssembly(typeof(DatabaseSetup).Assembly.GetName().Name);
                mysql.CommandTimeout((int)(commandTimeout ?? CommandTimeout).TotalSeconds);
                mysql.ExecutionStrategy(dependencies => new BudgetedRetryStrategy(dependencies));
            })
            // A failed command, query, save or connection is not an error by itself: the use cases expect some (a
            // duplicate key is how a retried message or a race to start a conversation is found) and turn them into
            // answers, the execution strategy retries the transient ones, and whatever is left is logged once by the
            // host, with its exception (a 500) or as a warning (a 503 while MariaDB is out of reach). So EF Core
            // reports them at Information, and a restart of MariaDB does not fill the log with errors.
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.CommandError, LogLevel.Information),
                (RelationalEventId.ConnectionError, LogLevel.Information),
                (CoreEventId.QueryIterationFailed, LogLevel.Information),
                (CoreEventId.SaveChangesFailed, LogLevel.Information)));

    /// <summary>
    /// The connection string with the connect and cancellation time-outs above, and without MySqlConnector's reset of
    /// a pooled connection when it is opened, unless it names its own. That reset (a round trip, then SET NAMES)
    /// reads its answer with no time-out of its own, so a paused server can hold it for as long as the pause, and it
    /// cost a fifth of the ChatHost's CPU per message (ADR 0014). The hosts keep no session state on a connection; a
    /// pooled connection that died with a restarted server fails its first statement, which
    /// <see cref="BudgetedRetryStrategy"/> retries on another.
    /// </summary>
    internal static string WithTimeouts(string connectionString)
    {
        var given = new MySqlConnectionStringBuilder(connectionString);
        var result = new MySqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Connection Reset"))
        {
            result.ConnectionReset = false;
        }

        if (!given.ContainsKey("Connection Timeout"))
        {
            result.ConnectionTimeout = ConnectTimeoutSeconds;
        }

        if (!given.ContainsKey("Cancellation Timeout"))
        {
            result.CancellationTimeout = CancellationTimeoutSeconds;
        }

        return result.ConnectionString;
    }
}
