using MySqlConnector;

namespace Homelette.Testing;

/// <summary>
/// Where the functional tests find MariaDB and Redis: the connection strings `make test` exports, with a
/// database and a Redis database number of each test assembly's own, so assemblies can run in parallel.
/// </summary>
public static class TestSettings
{
    /// <summary>A signing key only the tests know; the hosts run in the "Testing" environment with it.</summary>
    public const string JwtKey = "homelette-functional-tests-signing-key-0123456789abcdef";

    public const string Environment = "Testing";

    public static string DatabaseConnectionString(string suffix)
    {
        var builder = new MySqlConnectionStringBuilder(
            System.Environment.GetEnvironmentVariable("ConnectionStrings__Default")
            ?? "Server=127.0.0.1;Port=3306;Database=homelette_test;User ID=homelette;Password=homelette");
        builder.Database = $"{builder.Database}_{suffix}";
        return builder.ConnectionString;
    }

    public static string RedisConnectionString(int database) =>
        $"{System.Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "127.0.0.1:6379"},defaultDatabase={database}";
}
