using Homelette.ChatHost.Filters;
using Homelette.ChatHost.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Homelette.ChatHost.FunctionalTests.Platform;

/// <summary>
/// A join (the hub's connect handler) that meets an outage. SignalR closes a connection whose connect handler throws
/// with "do not reconnect", and HubCallerContext.Abort does the same, so the filter drops the HTTP connection under the
/// socket instead: the client sees a lost connection and its automatic reconnect tries again. The end-to-end proof is
/// `make chaos` (fault db-kill: the hub clients whose join met the kill all came back).
/// </summary>
public sealed class HubJoinOutageTests
{
    [Fact]
    public async Task ShouldDropTheUnderlyingConnectionWithoutThrowing_WhenTheJoinMeetsAnOutage()
    {
        var (filter, connections) = Filter();
        var caller = new Caller();

        await filter.OnConnectedAsync(Context(caller), _ => throw new RedisConnectionException(ConnectionFailureType.SocketFailure, "Redis is away"));

        caller.Http.Aborted.ShouldBeTrue("the socket is dropped, so the client reconnects");
        caller.Aborted.ShouldBeFalse("HubCallerContext.Abort would tell the client not to reconnect");
        connections.Current.ShouldBe(1, "SignalR runs the disconnect handler (which uncounts it) for a connect handler that returned");
    }

    [Fact]
    public async Task ShouldLetTheFailureThrough_WhenTheJoinFailsForAnotherReason()
    {
        var (filter, connections) = Filter();
        var caller = new Caller();

        await Should.ThrowAsync<InvalidOperationException>(() => filter.OnConnectedAsync(Context(caller), _ => throw new InvalidOperationException("a bug")));

        caller.Http.Aborted.ShouldBeFalse();
        connections.Current.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldDropTheConnectionWithoutJoining_WhenItArrivesWhileTheHostIsStopping()
    {
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var (filter, connections) = Filter(new StoppingLifetime(stopping.Token));
        var caller = new Caller();

        var joined = await JoinsAsync(filter, caller);

        joined.ShouldBeFalse("a connection that joins a stopping instance would stay until the shutdown time-out");
        caller.Http.Aborted.ShouldBeTrue("the socket is dropped, so the client reconnects, to another instance");
        caller.Aborted.ShouldBeFalse("HubCallerContext.Abort would tell the client not to reconnect");
        connections.Current.ShouldBe(1, "SignalR runs the disconnect handler (which uncounts it) for a connect handler that returned");
    }

    [Fact]
    public async Task ShouldJoin_WhileTheHostRuns()
    {
        var (filter, connections) = Filter();
        var caller = new Caller();

        var joined = await JoinsAsync(filter, caller);

        joined.ShouldBeTrue();
        caller.Http.Aborted.ShouldBeFalse();
        connections.Current.ShouldBe(1);
    }

    /// <summary>Whether the filter lets the connection reach the hub's own connect handler.</summary>
    private static async Task<bool> JoinsAsync(HubScopeFilter filter, Caller caller)
    {
        var joined = false;
        await filter.OnConnectedAsync(Context(caller), _ =>
        {
            joined = true;
            return Task.CompletedTask;
        });
        return joined;
    }

    private static (HubScopeFilter Filter, HubConnectionCount Connections) Filter(IHostApplicationLifetime? lifetime = null)
    {
        var connections = new HubConnectionCount();
        return (new HubScopeFilter(connections, lifetime ?? new StoppingLifetime(CancellationToken.None), NullLogger<HubScopeFilter>.Instance), connections);
    }

    private sealed class StoppingLifetime(CancellationToken stopping) : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => throw new InvalidOperationException("not in these tests");
    }

    private static HubLifetimeContext Context(Caller caller)
    {
        var services = new ServiceCollection().AddScoped<HubCurrentUser>().BuildServiceProvider().CreateScope().ServiceProvider;
        return new HubLifetimeContext(caller, services, new NoHub());
    }

    private sealed class NoHub : Hub;

    /// <summary>A connection whose HTTP connection and hub connection record being aborted.</summary>
    private sealed class Caller : HubCallerContext
    {
        public Caller()
        {
            var http = new DefaultHttpContext();
            http.Features.Set<IHttpRequestLifetimeFeature>(Http);
            Features.Set<IHttpContextFeature>(new HttpContextFeature { HttpContext = http });
        }

        public RecordingLifetime Http { get; } = new();

        public bool Aborted { get; private set; }

        public override string ConnectionId => "test-connection";

        public override string? UserIdentifier => null;

        public override System.Security.Claims.ClaimsPrincipal? User => new();

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort() => Aborted = true;
    }

    private sealed class HttpContextFeature : IHttpContextFeature
    {
        public HttpContext? HttpContext { get; set; }
    }

    /// <summary>HttpContext.Abort() reaches the server through this feature.</summary>
    private sealed class RecordingLifetime : IHttpRequestLifetimeFeature
    {
        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted { get; set; }

        public void Abort() => Aborted = true;
    }
}
