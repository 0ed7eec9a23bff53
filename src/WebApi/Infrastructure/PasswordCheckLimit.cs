using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Homelette.WebApi.Infrastructure;

/// <summary>How many password checks run at once (section "Auth"; see <see cref="PasswordCheckLimit"/>).</summary>
public sealed class PasswordCheckOptions
{
    public const string SectionName = "Auth";

    public int PasswordChecksAtOnce { get; set; } = Environment.ProcessorCount;

    public int PasswordChecksQueued { get; set; } = 8 * Environment.ProcessorCount;
}

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

    private const string RejectedDetail = "Too many passwords are being checked right now; try again in a second.";

    public static IServiceCollection AddPasswordCheckLimit(this IServiceCollection services)
    {
        services.AddOptions<PasswordCheckOptions>()
            .BindConfiguration(PasswordCheckOptions.SectionName)
            .Validate(o => o.PasswordChecksAtOnce >= 1, "Auth:PasswordChecksAtOnce must be at least 1.")
            .Validate(o => o.PasswordChecksQueued >= 0, "Auth:PasswordChecksQueued must be 0 or more.")
            .ValidateOnStart();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<PasswordCheckOptions>>((limiter, checks) =>
            limiter.AddConcurrencyLimiter(Policy, options =>
            {
                options.PermitLimit = checks.Value.PasswordChecksAtOnce;
                options.QueueLimit = checks.Value.PasswordChecksQueued;
                options.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            }));
        return services.AddRateLimiter(limiter => limiter.OnRejected = async (context, cancellationToken) =>
        {
            var http = context.HttpContext;
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "1";
            var written = await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = ReasonPhrases.GetReasonPhrase(StatusCodes.Status503ServiceUnavailable),
                    Detail = RejectedDetail,
                },
            });
            if (!written)
            {
                // A client that accepts no JSON (Accept: text/html, say) still gets the reason, not a 500.
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(RejectedDetail, cancellationToken);
            }
        });
    }
}
