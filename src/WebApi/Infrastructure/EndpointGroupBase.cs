namespace Homelette.WebApi.Infrastructure;

/// <summary>A feature's endpoints, mapped under <c>/api/{GroupName}</c> and tagged with its name.</summary>
public abstract class EndpointGroupBase
{
    /// <summary>The route segment under /api, e.g. "auth".</summary>
    public abstract string RoutePrefix { get; }

    public abstract void Map(RouteGroupBuilder group);
}
