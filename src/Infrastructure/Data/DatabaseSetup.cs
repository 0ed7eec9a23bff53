using Microsoft.EntityFrameworkCore;

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
            mysql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(2), errorNumbersToAdd: null);
        });
}
