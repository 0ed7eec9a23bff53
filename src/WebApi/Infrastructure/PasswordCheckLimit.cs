using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace Homelette.WebApi.Infrastructure;

/// <summary>
/// How many password checks run at once. A check (PBKDF2, on register, login and change password) keeps a core busy
/// for tens of milliseconds, so a burst of sign-ins would otherwise take every core and slow everything else the
/// WebApi answers. At most <c>Auth:PasswordChecksAtOnce</c> run (the cores, by default); up to
/// <c>Auth:PasswordChecksQueued</c> more wait their turn, oldest first; beyond that the answer is 503 with
/// <c>Retry-After: 1</c> at once. This is ASP.NET Core's concurrency limiter (its rate-limiting middleware).
/// </summary>
public static class PasswordCheckLimit
{
    public const string Policy = "password-checks";

    public static IServiceCollection AddPasswordCheckLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var atOnce = configuration.GetValue("Auth:PasswordChecksAtOnce", Environment.ProcessorCount);
        var queued = configuration.GetValue("Auth:PasswordChecksQueued", 8 * Environment.ProcessorCount);
        if (atOnce < 1)
        {
            throw new InvalidOperationException("Auth:PasswordChecksAtOnce must be at least 1.");
        }

        if (queued < 0)
        {
            throw new InvalidOperationException("Auth:PasswordChecksQueued must be 0 or more.");
        }

        return services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(Policy, options =>
            {
                options.PermitLimit = atOnce;
                options.QueueLimit = queued;
                options.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.Headers.RetryAfter = "1";
                const string Detail = "Too many passwords are being checked right now; try again in a second.";
                var written = await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = ReasonPhrases.GetReasonPhrase(StatusCodes.Status503ServiceUnavailable),
                        Detail = Detail,
                    },
                });
                if (!written)
                {
                    // A client that accepts no JSON (Accept: text/html, say) still gets the reason, not a 500.
                    http.Response.ContentType = "text/plain; charset=utf-8";
                    await http.Response.WriteAsync(Detail, cancellationToken);
                }
            };
        });
    }
}
