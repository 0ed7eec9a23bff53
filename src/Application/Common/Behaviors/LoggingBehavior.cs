using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Homelette.Application.Common.Behaviors;

/// <summary>Logs each message's name and duration; never its content, which may hold passwords.</summary>
public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogHandled(logger, MessageName, elapsed);
        }
    }

    private static readonly string MessageName = typeof(TMessage).Name;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {MessageName} in {Elapsed}")]
    private static partial void LogHandled(ILogger logger, string messageName, TimeSpan elapsed);
}
