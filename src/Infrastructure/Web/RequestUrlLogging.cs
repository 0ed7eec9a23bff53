using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Homelette.Infrastructure.Web;

/// <summary>
/// Keeps request URLs, and with them any token in a query string, out of the logs, whatever the logging
/// configuration says.
/// </summary>
/// <remarks>
/// <para>
/// ASP.NET Core's hosting log (category <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>) writes "Request starting
/// HTTP/1.1 GET http://host/socket?access_token=eyJ..." and "Request finished ..." at Information, with the whole
/// query string. Browsers must put the hub's token there (SignalR's <c>access_token</c>; the earlier backend's
/// <c>token</c>), and a client may send one to the WebApi as well, which ignores it. So an operator who turns
/// <c>Microsoft.AspNetCore</c> up to Information, or any provider's <c>Default</c> level
/// (<c>Logging:Console:LogLevel:Default</c>), would write every hub client's bearer token into the logs
/// (TokenLoggingTests in both hosts' functional tests).
/// </para>
/// <para>
/// A plain <c>AddFilter(category, level)</c> is not enough: the logging framework prefers any rule configured for
/// one provider over every general rule, and a configured rule for the same category may come after it. So the cap
/// is added after all configuration (a post-configure step of <see cref="LoggerFilterOptions"/>, run again on every
/// reload): one rule for all providers, and one for each provider that the configuration names. The request logs
/// this costs are the two Information lines per request; a deployment that wants request logs can use the HttpLogging
/// middleware, whose fields are chosen one by one (leave the query string out).
/// </para>
/// </remarks>
public static class RequestUrlLogging
{
    /// <summary>The categories whose entries carry a request's URL with its query string.</summary>
    public static readonly IReadOnlyList<string> Categories = ["Microsoft.AspNetCore.Hosting.Diagnostics"];

    /// <summary>The most these categories log: their warnings and errors carry no URL.</summary>
    public const LogLevel Cap = LogLevel.Warning;

    public static ILoggingBuilder KeepRequestUrlsOutOfLogs(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.Services.AddOptions<LoggerFilterOptions>().PostConfigure(AddCaps);
        return logging;
    }

    /// <summary>Adds the caps after every configured rule, so that each wins wherever it applies.</summary>
    internal static void AddCaps(LoggerFilterOptions options)
    {
        var providers = options.Rules.Select(rule => rule.ProviderName).Where(name => name is not null).Distinct().ToList();
        foreach (var category in Categories)
        {
            options.Rules.Add(new LoggerFilterRule(null, category, Cap, null));
            foreach (var provider in providers)
            {
                options.Rules.Add(new LoggerFilterRule(provider, category, Cap, null));
            }
        }
    }
}
