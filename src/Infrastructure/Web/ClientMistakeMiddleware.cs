using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Homelette.Infrastructure.Web;

public static class ClientMistakeMiddleware
{
    /// <summary>
    /// An unknown route is a 404 and a wrong method or media type a 405/415 for everyone: answer them before the
    /// authenticated-by-default policy would turn them into 401s. Routing's own rejection endpoints are plain
    /// endpoints; every endpoint of ours is a route endpoint.
    /// </summary>
    public static IApplicationBuilder UseClientMistakesBeforeAuthentication(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            switch (context.GetEndpoint())
            {
                case null:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                case RouteEndpoint:
                    await next(context);
                    return;
                case { RequestDelegate: { } rejection }:
                    await rejection(context);
                    return;
                default:
                    await next(context);
                    return;
            }
        });
}
