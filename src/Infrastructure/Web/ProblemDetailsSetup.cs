using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.Infrastructure.Web;

public static class ProblemDetailsSetup
{
    /// <summary>
    /// RFC 9457 problem details with the same shape on both hosts: known failures mapped by one exception handler,
    /// and a snake_case <c>trace_id</c> to quote in support requests.
    /// </summary>
    public static IServiceCollection AddHomeletteProblemDetails(this IServiceCollection services)
    {
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        return services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.Remove("traceId");
            context.ProblemDetails.Extensions["trace_id"] = context.HttpContext.TraceIdentifier;
        });
    }
}
