using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Homelette.Testing;

/// <summary>One log entry as a host wrote it, with every text it carried.</summary>
/// <param name="Message">The formatted message.</param>
/// <param name="State">The structured state, as "name=value" (the values an exporter such as OpenTelemetry would ship).</param>
/// <param name="Exception">The exception's full text (message, inner exceptions, stack), when there was one.</param>
/// <param name="Scopes">The scopes the entry was written in, each as its text and its "name=value" pairs.</param>
public sealed record CapturedLogEntry(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<string> State,
    string? Exception,
    IReadOnlyList<string> Scopes)
{
    /// <summary>Every text of the entry, for searching it for a secret.</summary>
    public IEnumerable<string> Texts =>
        new[] { Category, EventId.Name ?? string.Empty, Message, Exception ?? string.Empty }.Concat(State).Concat(Scopes);

    public override string ToString() =>
        $"[{Level}] {Category} ({EventId.Id}:{EventId.Name}) {Message}{(Exception is null ? string.Empty : Environment.NewLine + Exception)}";
}

/// <summary>
/// A logger provider that keeps every entry a host writes (add it with <c>ConfigureLogging(l =&gt; l.AddProvider(logs))</c>).
/// Which entries reach it is the host's own filter rules' business, exactly as for the console; the provider-specific
/// configuration section is "Logging:Captured".
/// </summary>
[ProviderAlias("Captured")]
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    public int Count => _entries.Count;

    /// <summary>The entries written after the first <paramref name="skip"/> (a mark taken with <see cref="Count"/>).</summary>
    public IReadOnlyList<CapturedLogEntry> Since(int skip) => [.. _entries.Skip(skip)];

    /// <summary>The entries any of whose texts contain <paramref name="secret"/> (ordinal comparison).</summary>
    public IReadOnlyList<CapturedLogEntry> Containing(string secret) =>
        [.. _entries.Where(e => e.Texts.Any(text => text.Contains(secret, StringComparison.Ordinal)))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static string Text(object? value) => value switch
    {
        null => "null",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(",", items.Cast<object?>().Select(Text)),
        _ => value.ToString() ?? string.Empty,
    };

    private static IEnumerable<string> Pairs(object? state) =>
        state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.Select(pair => $"{pair.Key}={Text(pair.Value)}")
            : [];

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            owner._scopes?.ForEachScope(
                (scope, list) =>
                {
                    list.Add(Text(scope));
                    list.AddRange(Pairs(scope));
                },
                scopes);
            var values = Pairs(state).ToList();
            values.Add(state?.ToString() ?? string.Empty);
            owner._entries.Enqueue(new CapturedLogEntry(
                category, logLevel, eventId, formatter(state, exception), values, exception?.ToString(), scopes));
        }
    }
}

/// <summary>Hosts logging as verbosely as an operator can make them, into a <see cref="CapturedLogs"/>.</summary>
public static class VerboseLogging
{
    /// <summary>
    /// Every category at Trace, both as the general rule ("Logging:LogLevel") and as this provider's own rule
    /// ("Logging:Captured:LogLevel", which the logging framework prefers to any general rule, the way an operator's
    /// "Logging:Console:LogLevel" would be), for the categories that could carry a request's URL or a token named
    /// explicitly as well as "Default".
    /// </summary>
    public static readonly string[] Categories =
    [
        "Default",
        "Microsoft",
        "Microsoft.AspNetCore",
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.SignalR",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.EntityFrameworkCore",
        "Homelette",
    ];

    public static IWebHostBuilder CaptureEveryLog(this IWebHostBuilder builder, CapturedLogs logs)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var section in new[] { "Logging:LogLevel", "Logging:Captured:LogLevel" })
        {
            foreach (var category in Categories)
            {
                builder.UseSetting($"{section}:{category}", nameof(LogLevel.Trace));
            }
        }

        return builder.ConfigureLogging(logging => logging.AddProvider(logs));
    }
}
