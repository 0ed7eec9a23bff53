using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.Infrastructure.Data;

public static class MigrationStartup
{
    /// <summary>
    /// Applies pending migrations when <c>Database:MigrateOnStartup</c> is true (the containers set it; locally
    /// `make run` and `make migrate-apply` migrate instead). EF Core's migration lock keeps two hosts from racing.
    /// </summary>
    public static async Task MigrateIfConfiguredAsync(this IServiceProvider services, IConfiguration configuration)
    {
        if (!configuration.GetValue("Database:MigrateOnStartup", false))
        {
            return;
        }

        using var scope = services.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<HomeletteDbContext>().Database;
        database.SetCommandTimeout(DatabaseSetup.MigrationCommandTimeout);
        await database.MigrateAsync();
    }
}
