using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Homelette.WebApi.Infrastructure;

public static class EndpointRouteBuilderExtensions
{
    /// <summary>Maps every <see cref="EndpointGroupBase"/> of this assembly.</summary>
    public static WebApplication MapEndpointGroups(this WebApplication app)
    {
        var groups = typeof(EndpointGroupBase).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(EndpointGroupBase)) && !t.IsAbstract)
            .Select(t => (EndpointGroupBase)Activator.CreateInstance(t)!);
        foreach (var group in groups)
        {
            var name = group.GetType().Name;
            group.Map(app.MapGroup($"/api/{group.RoutePrefix}").WithTags(name));
        }

        return app;
    }

    // The handler's method name is the operation id, so the generated client reads AuthClient.LoginAsync.
    public static RouteHandlerBuilder MapGet(this RouteGroupBuilder group, Delegate handler, [StringSyntax("Route")] string pattern = "") =>
        group.MapGet(pattern, handler).WithName(OperationName(handler));

    public static RouteHandlerBuilder MapPost(this RouteGroupBuilder group, Delegate handler, [StringSyntax("Route")] string pattern = "") =>
        group.MapPost(pattern, handler).WithName(OperationName(handler));

    public static RouteHandlerBuilder MapPut(this RouteGroupBuilder group, Delegate handler, [StringSyntax("Route")] string pattern) =>
        group.MapPut(pattern, handler).WithName(OperationName(handler));

    public static RouteHandlerBuilder MapPatch(this RouteGroupBuilder group, Delegate handler, [StringSyntax("Route")] string pattern) =>
        group.MapPatch(pattern, handler).WithName(OperationName(handler));

    public static RouteHandlerBuilder MapDelete(this RouteGroupBuilder group, Delegate handler, [StringSyntax("Route")] string pattern) =>
        group.MapDelete(pattern, handler).WithName(OperationName(handler));

    private static string OperationName(Delegate handler)
    {
        var method = handler.GetMethodInfo();
        if (method.Name.Contains('<', StringComparison.Ordinal))
        {
            throw new ArgumentException("Endpoint handlers must be named methods; their names become operation ids.", nameof(handler));
        }

        return method.Name;
    }
}
