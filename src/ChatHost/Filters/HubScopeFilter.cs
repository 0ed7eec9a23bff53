using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.ChatHost.Infrastructure;
using Homelette.Infrastructure.Web;
using Microsoft.AspNetCore.SignalR;

namespace Homelette.ChatHost.Filters;

/// <summary>
/// Gives each hub call its user, and turns the application's known failures into a <see cref="HubException"/>
/// whose message is safe to show (anything else reaches the client as a generic error).
/// </summary>
public sealed partial class HubScopeFilter(ILogger<HubScopeFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        invocationContext.ServiceProvider.GetRequiredService<HubCurrentUser>().Set(invocationContext.Context.User);
        try
        {
            return await next(invocationContext);
        }
        catch (Exception ex) when (ToHubException(ex) is { } hubException)
        {
            throw hubException;
        }
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.ServiceProvider.GetRequiredService<HubCurrentUser>().Set(context.Context.User);
        return next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.ServiceProvider.GetRequiredService<HubCurrentUser>().Set(context.Context.User);
        try
        {
            await next(context, exception);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed clean-up must not take the server down. (Its presence entry stays until the chat issue adds
            // per-instance heartbeats that expire.)
            LogDisconnectFailed(logger, ex, context.Context.ConnectionId);
        }
    }

    private static HubException? ToHubException(Exception exception) => exception switch
    {
        ValidationException validation => new HubException(
            "validation_failed: " + string.Join("; ", validation.Errors.Select(e => $"{JsonDefaults.FieldName(e.PropertyName)}: {e.ErrorMessage}"))),
        NotFoundException notFound => new HubException("not_found: " + notFound.Message),
        ForbiddenException forbidden => new HubException("forbidden: " + forbidden.Message),
        ConflictException conflict => new HubException("conflict: " + conflict.Message),
        UnauthorizedException unauthorized => new HubException("unauthorized: " + unauthorized.Message),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clean-up of hub connection {ConnectionId} failed")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception exception, string connectionId);
}
