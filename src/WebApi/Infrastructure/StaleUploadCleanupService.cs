using Homelette.Application.Listings.Commands.DeleteStaleUploads;
using Mediator;

namespace Homelette.WebApi.Infrastructure;

/// <summary>Deletes uploads that no listing took within a day, every <c>Uploads:CleanupInterval</c> (default one hour).</summary>
public sealed partial class StaleUploadCleanupService(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    ILogger<StaleUploadCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Uploads:CleanupInterval", TimeSpan.FromHours(1));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DeleteStaleUploadsCommand(), stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next round tries again; a database outage must not stop the job for good.
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} uploads that were never attached to a listing")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting stale uploads failed; trying again next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
