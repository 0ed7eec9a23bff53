using Homelette.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Respawn;

namespace Homelette.Testing;

/// <summary>The real MariaDB of a test assembly: made anew once per run, emptied by Respawn before each test.</summary>
public sealed class TestDatabase(string connectionString)
{
    private Respawner? _respawner;

    public string ConnectionString { get; } = connectionString;

    public async Task MigrateAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<HomeletteDbContext>().Database;
        // Dropped first: a database kept from an earlier run can carry damage from a MariaDB that was killed meanwhile
        // (seen: its FULLTEXT index stopped taking new rows, so every word search failed until it was dropped).
        database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        await database.EnsureDeletedAsync();
        await database.MigrateAsync();
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.MySql,
            SchemasToInclude = [connection.Database],
            TablesToIgnore = ["__EFMigrationsHistory"],
        });
    }

    public async Task ResetAsync()
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await (_respawner ?? throw new InvalidOperationException("MigrateAsync first.")).ResetAsync(connection);
    }

    /// <summary>Runs a query against the database directly, bypassing the API (to check what really changed).</summary>
    public static async Task<T> QueryAsync<T>(IServiceProvider services, Func<HomeletteDbContext, Task<T>> query)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HomeletteDbContext>();
        return await query(db);
    }
}
