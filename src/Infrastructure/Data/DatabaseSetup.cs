using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Homelette.Infrastructure.Data;

internal static class DatabaseSetup
{
    public const string DevelopmentConnectionString =
        "Server=127.0.0.1;Port=3306;Database=homelette;User ID=homelette;Password=homelette";

    /// <summary>Pinned rather than detected, so start-up and `dotnet ef` never need a live server.</summary>
    public static readonly MariaDbServerVersion ServerVersion = new(new Version(10, 11, 0));

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseMySql(connectionString, ServerVersion, mysql =>
            {
                mysql.MigrationsAssembly(typeof(DatabaseSetup).Assembly.GetName().Name);
                mysql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorNumbersToAdd: null);
            })
            // A failed command or save is not an error by itself: the use cases expect some (a duplicate key is how a
            // retried message or a race to start a conversation is found) and turn them into answers, and whatever
            // they do not handle is logged with its exception by the host. So EF Core reports them at Information.
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.CommandError, LogLevel.Information),
                (CoreEventId.SaveChangesFailed, LogLevel.Information)));
}
