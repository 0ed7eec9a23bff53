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

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseMySql(WithoutConnectionReset(connectionString), ServerVersion, mysql =>
            {
                mysql.MigrationsAssembly(typeof(DatabaseSetup).Assembly.GetName().Name);
                mysql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(2), errorNumbersToAdd: null);
            })
            // A failed command or save is not an error by itself: the use cases expect some (a duplicate key is how a
            // retried message or a race to start a conversation is found) and turn them into answers, and whatever
            // they do not handle is logged with its exception by the host. So EF Core reports them at Information.
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.CommandError, LogLevel.Information),
                (CoreEventId.SaveChangesFailed, LogLevel.Information)));

    /// <summary>
    /// Pooled connections are handed out as they were left (MySqlConnector's <c>ConnectionReset=false</c>) unless the
    /// connection string says otherwise. The reset costs a round trip per use, and with it the ChatHost delivered
    /// 323 messages/s instead of 450 under the chat benchmark (ADR 14). Nothing here changes session state (no
    /// SET, user variables, temporary tables or locks), so there is nothing to reset. A connection that died in
    /// the pool fails on first use and the retrying execution strategy opens another.
    /// </summary>
    internal static string WithoutConnectionReset(string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey("Connection Reset"))
        {
            builder.ConnectionReset = false;
        }

        return builder.ConnectionString;
    }
}
