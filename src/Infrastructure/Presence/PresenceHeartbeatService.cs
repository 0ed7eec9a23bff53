using Homelette.Application.Common.Interfaces;
using Homelette.Application.Presence.Commands.SweepPresence;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelette.Infrastructure.Presence;

/// <summary>
/// Keeps this ChatHost instance's heartbeat alive in Redis and, on each beat, sweeps the connections of instances
/// whose heartbeat expired. A graceful stop ends the heartbeat at once.
/// </summary>
internal sealed partial class PresenceHeartbeatService(
    IServiceScopeFactory scopes, IPresence presence, IOptions<PresenceOptions> options, ILogger<PresenceHeartbeatService> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the first connection is accepted, so that it counts.
        await BeatAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await presence.StopAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBeatFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await BeatAsync(stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var swept = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SweepPresenceCommand(), stoppingToken);
                if (swept > 0)
                {
                    LogSwept(logger, swept);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            await presence.HeartbeatAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Redis is away: the heartbeat may lapse, and this instance's users look offline until it is back.
            LogBeatFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Presence heartbeat failed")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Presence sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} users of stopped instances went offline")]
    private static partial void LogSwept(ILogger logger, int count);
}
