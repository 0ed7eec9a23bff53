using Homelette.Infrastructure.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace Homelette.Infrastructure.Health;

/// <summary>
/// MariaDB answers <c>SELECT 1</c> on a connection of the pool. EF Core's DbContext check does the same through a
/// pooled context, but waits for MySqlConnector's own time-outs whatever the check's cancellation says (5 s against a
/// paused server); this one gives up when the registration's time-out cancels it, and never lends an abandoned query
/// a pooled context.
/// </summary>
internal sealed class MariaDbHealthCheck(string connectionString) : IHealthCheck
{
    private readonly string _connectionString = DatabaseSetup.WithTimeouts(connectionString);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await SelectOneAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "MariaDB did not answer in time.");
        }
        catch (Exception ex) when (Outage.Is(ex) || ex is MySqlException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "MariaDB did not answer.");
        }
    }

    private async Task SelectOneAsync()
    {
        await using var connection = new MySqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync();
    }
}
