using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Storage;
using Homelette.Domain.Common;
using Homelette.Infrastructure.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Homelette.Infrastructure.Web;

/// <summary>
/// The one place where failures become RFC 9457 problem details. Known failures keep a stable title;
/// anything else is a 500 that says nothing about the exception.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a client should wait before it retries after a 503 (MariaDB restarts in a few seconds).</summary>
    private const string UnavailableRetryAfterSeconds = "2";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = exception switch
        {
            ValidationException validation => ValidationProblem(validation),
            DomainRuleException rule => FieldProblem(JsonDefaults.FieldName(rule.Field), rule.Message),
            DomainConflictException => Problem(StatusCodes.Status409Conflict, exception.Message),
            DomainForbiddenException => Problem(StatusCodes.Status403Forbidden, exception.Message),
            RateLimitedException => Problem(StatusCodes.Status429TooManyRequests, exception.Message),
            UnsupportedImageException => Problem(StatusCodes.Status415UnsupportedMediaType, exception.Message),
            ImageTooLargeException => Problem(StatusCodes.Status413PayloadTooLarge, exception.Message),
            BadHttpRequestException badRequest => BadRequestProblem(badRequest),
            InvalidOperationException when HasUnknownCharset(httpContext.Request) =>
                Problem(StatusCodes.Status415UnsupportedMediaType, "The charset of the request body is not supported; send JSON in UTF-8."),
            NotFoundException => Problem(StatusCodes.Status404NotFound, exception.Message),
            ForbiddenException => Problem(StatusCodes.Status403Forbidden, exception.Message),
            ConflictException => Problem(StatusCodes.Status409Conflict, exception.Message),
            UnauthorizedException => Problem(StatusCodes.Status401Unauthorized, exception.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested =>
                Problem(StatusCodes.Status499ClientClosedRequest, null),
            // MariaDB or Redis out of reach (after the execution strategy's quick retries): nothing was changed that the
            // client was told about, and the same request (writes carry their client ids) may succeed in a moment.
            _ when Outage.Is(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "The service is unavailable right now; try again in a moment."),
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred.");
        }
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.GetBaseException().Message);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is RateLimitedException limited)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = UnavailableRetryAfterSeconds;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>A problem titled like the framework's own (status code pages): one title per status, whoever answers.</summary>
    private static ProblemDetails Problem(int status, string? detail) =>
        new() { Status = status, Title = ReasonPhrases.GetReasonPhrase(status), Detail = detail };

    private static ValidationProblemDetails ValidationProblem(ValidationException exception) =>
        new(exception.Errors
            .GroupBy(e => JsonDefaults.FieldName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Validation failed",
            Detail = "One or more fields are not valid.",
        };

    private static ValidationProblemDetails FieldProblem(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Validation failed",
            Detail = "One or more fields are not valid.",
        };

    /// <summary>Framework-detected client mistakes: malformed JSON, unparsable parameters, wrong media type, body too large.</summary>
    private static ProblemDetails BadRequestProblem(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = JsonPathToField(json.Path);
            var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "This field is not allowed here."
                : "The value is not valid here (malformed JSON or a value of the wrong type).";
            return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Malformed request body",
                Detail = "The request body could not be read as the expected JSON.",
            };
        }

        if (exception.StatusCode == StatusCodes.Status400BadRequest && BindingFailure().Match(exception.Message) is { Success: true } binding)
        {
            var name = binding.Groups["name"].Value;
            return FieldProblem(JsonDefaults.FieldName(char.ToUpperInvariant(name[0]) + name[1..]), "The value is missing or not valid here.");
        }

        return exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large."),
            StatusCodes.Status415UnsupportedMediaType => Problem(StatusCodes.Status415UnsupportedMediaType, "The request body has the wrong media type."),
            _ => Problem(exception.StatusCode, "The request is not valid."),
        };
    }

    /// <summary>
    /// Whether the request names a charset .NET does not know (<c>Content-Type: application/json; charset=nonsense</c>):
    /// the framework's JSON body reader throws an <see cref="InvalidOperationException"/> for it, not a bad-request
    /// exception (found by the OpenAPI fuzzer, it was a 500).
    /// </summary>
    private static bool HasUnknownCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || mediaType.Charset.Value is not { Length: > 0 } charset)
        {
            return false;
        }

        try
        {
            Encoding.GetEncoding(charset.Trim('"'));
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    /// <summary>"$.address.zip_code" → "address.zip_code"; the body itself is "$".</summary>
    private static string JsonPathToField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.TrimStart('$', '.');

    /// <summary>Minimal APIs name the parameter they failed to bind: 'Failed to bind parameter "decimal? PriceMin" from "abc".'.</summary>
    [GeneratedRegex("""parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)" """, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex BindingFailure();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: a dependency is out of reach ({ExceptionType}: {Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
