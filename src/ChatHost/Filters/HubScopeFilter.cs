using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.ChatHost.Infrastructure;
using Homelette.Domain.Common;
using Homelette.Infrastructure.Data;
using Homelette.Infrastructure.Realtime;
using Homelette.Infrastructure.Web;
using Microsoft.AspNetCore.SignalR;

namespace Homelette.ChatHost.Filters;

/// <summary>
/// Gives each hub call its user, and turns the application's known failures into a <see cref="HubException"/>
/// whose message is safe to show (anything else reaches the client as a generic error).
/// </summary>
public sealed partial class HubScopeFilter(HubConnectionCount connections, IHostApplicationLifetime lifetime, ILogger<HubScopeFilter> logger)
    : IHubFilter
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
        catch (OperationCanceledException) when (invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            // The caller went away mid-call (its token is the connection's): nobody is left to answer, and it is no
            // server error. A send it retries after reconnecting carries the same client_message_id.
            return null;
        }
        catch (Exception ex) when (ToError(ex) is { } error)
        {
            if (error.Code == "unavailable")
            {
                // Not the caller's doing: whoever runs the service needs to hear of it.
                LogUnavailable(logger, ex, invocationContext.HubMethodName);
            }

            // The caller hears it twice: as an `error` event (the earlier backend's way) and as the call's failure.
            await invocationContext.Hub.Clients.Caller.SendAsync("error", error, invocationContext.Context.ConnectionAborted);
            throw new HubException($"{error.Code}: {error.Message}");
        }
        catch (Exception ex) when (ex is not HubException)
        {
            // A bug: logged here, once, with the method. SignalR's dispatcher would log every failed call at Error,
            // the answers above included (a flood of rate_limited calls was as many errors with stack traces), so its
            // category is turned down in Program.cs and this filter decides what is an error.
            LogUnexpected(logger, ex, invocationContext.HubMethodName);
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.ServiceProvider.GetRequiredService<HubCurrentUser>().Set(context.Context.User);
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // SignalR closes this instance's connections as it begins to stop, but Kestrel accepts new ones until it
            // stops listening a moment later: a client reconnecting right then joined here and stayed until Kestrel's
            // shutdown time-out (30 s) cut it, and the host's exit waited for it (the chaos run shutdown). Dropped, it
            // reconnects again, to an instance that is not stopping.
            LogJoinWhileStopping(logger);
            DropConnection(context);
        }
        else
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (Outage.Is(ex))
            {
                // A connect handler that throws makes SignalR close the connection with "do not reconnect", and so
                // does HubCallerContext.Abort: the client's automatic reconnect gives up for good. An outage is not the
                // client's fault: drop the connection instead, and the client reconnects until MariaDB or Redis is
                // back (the chaos run db-kill).
                LogConnectUnavailable(logger, ex.GetType().Name, ex.GetBaseException().Message);
                DropConnection(context);
            }
        }

        // Only now: SignalR runs the disconnect handler (which uncounts it) only for a connection whose connect handler completed.
        connections.Opened();
    }

    /// <summary>
    /// Drops the HTTP connection under the socket, so that no close message reaches the client: it sees a lost
    /// connection, and its automatic reconnect tries again.
    /// </summary>
    private static void DropConnection(HubLifetimeContext context)
    {
        if (context.Context.GetHttpContext() is { } http)
        {
            http.Abort();
        }
        else
        {
            context.Context.Abort();
        }
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
            // A failed clean-up must not take the server down.
            LogDisconnectFailed(logger, ex, context.Context.ConnectionId);
        }
        finally
        {
            connections.Closed();
        }
    }

    private static HubErrorEvent? ToError(Exception exception) => exception switch
    {
        ValidationException validation => new HubErrorEvent(
            string.Join("; ", validation.Errors.Select(e => $"{JsonDefaults.FieldName(e.PropertyName)}: {e.ErrorMessage}")), "validation_failed"),
        DomainRuleException rule => new HubErrorEvent($"{JsonDefaults.FieldName(rule.Field)}: {rule.Message}", "validation_failed"),
        NotFoundException => new HubErrorEvent(exception.Message, "not_found"),
        ForbiddenException or DomainForbiddenException => new HubErrorEvent(exception.Message, "forbidden"),
        ConflictException or DomainConflictException => new HubErrorEvent(exception.Message, "conflict"),
        UnauthorizedException => new HubErrorEvent(exception.Message, "unauthorized"),
        RateLimitedException => new HubErrorEvent(exception.Message, "rate_limited"),

        // The database (or Redis) is out of reach: nothing was acknowledged; the client may retry with its client_message_id.
        _ when Outage.Is(exception) => new HubErrorEvent("The service is unavailable right now; try again in a moment.", "unavailable"),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub method {Method} answered unavailable: the database or Redis is out of reach")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A hub connection was aborted (its client will reconnect): the database or Redis is out of reach ({ExceptionType}: {Reason})")]
    private static partial void LogConnectUnavailable(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "A hub connection joined while this instance is stopping: dropped, so that its client reconnects to another")]
    private static partial void LogJoinWhileStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clean-up of hub connection {ConnectionId} failed")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception exception, string connectionId);
}
