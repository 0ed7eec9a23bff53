using Homelette.Infrastructure.Data;
using Homelette.Testing;
using Homelette.WebApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Homelette.ChatHost.FunctionalTests.Infrastructure;

/// <summary>
/// The WebApi (to register and log in) and two ChatHost instances on real Kestrel sockets, sharing one MariaDB
/// database and one Redis: together they behave as one chat server.
/// </summary>
public sealed class ChatFixture : IAsyncLifetime
{
    private const int RedisDatabase = 2;
    private const string ChannelPrefix = "homelette-tests-chathost";

    public ChatFixture()
    {
        Database = new TestDatabase(TestSettings.DatabaseConnectionString("chathost"));
        Api = new ApiFactory(this);
        InstanceA = new ChatHostFactory(this);
        InstanceB = new ChatHostFactory(this);
    }

    public TestDatabase Database { get; }

    public WebApplicationFactory<WebApiMarker> Api { get; }

    public ChatHostFactory InstanceA { get; }

    public ChatHostFactory InstanceB { get; }

    public async Task InitializeAsync()
    {
        await Database.MigrateAsync(Api.Services);
        InstanceA.StartServer();
        InstanceB.StartServer();
    }

    public async Task ResetAsync()
    {
        await Database.ResetAsync();
        await RedisReset.ClearPresenceAsync(InstanceA.Services.GetRequiredService<IConnectionMultiplexer>());
    }

    public async Task DisposeAsync()
    {
        await InstanceA.DisposeAsync();
        await InstanceB.DisposeAsync();
        await Api.DisposeAsync();
    }

    public Task<T> QueryAsync<T>(Func<HomeletteDbContext, Task<T>> query) => TestDatabase.QueryAsync(Api.Services, query);

    public IDatabase Redis => InstanceA.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    public Task DeleteUserAsync(Guid id) => QueryAsync(db => db.Users.Where(u => u.Id == id).ExecuteDeleteAsync());

    /// <summary>The Redis connection string of the tests' Redis database at another address (a proxy's).</summary>
    public static string RedisAt(int port) => $"127.0.0.1:{port},defaultDatabase={RedisDatabase}";

    private void Configure(IWebHostBuilder builder, string? databaseConnectionString = null, string? redisConnectionString = null)
    {
        builder.UseEnvironment(TestSettings.Environment);
        builder.UseSetting("ConnectionStrings:Default", databaseConnectionString ?? Database.ConnectionString);
        builder.UseSetting("ConnectionStrings:Redis", redisConnectionString ?? TestSettings.RedisConnectionString(RedisDatabase));
        builder.UseSetting("Jwt:Key", TestSettings.JwtKey);
        builder.UseSetting("Chat:RedisChannelPrefix", ChannelPrefix);

        // Fast heartbeats, so that a dead instance's users go offline within seconds in the tests.
        builder.UseSetting("Presence:HeartbeatInterval", "00:00:01");
        builder.UseSetting("Presence:InstanceTimeout", "00:00:03");
    }

    /// <summary>
    /// A WebApi of the fixture's chat server; a test may give one its own way to Redis, or settings of its own
    /// (<paramref name="configure"/> runs after the fixture's).
    /// </summary>
    public sealed class ApiFactory(ChatFixture fixture, string? redisConnectionString = null, Action<IWebHostBuilder>? configure = null)
        : WebApplicationFactory<WebApiMarker>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            fixture.Configure(builder, redisConnectionString: redisConnectionString);
            configure?.Invoke(builder);
        }
    }

    public sealed class ChatHostFactory : WebApplicationFactory<ChatHostMarker>
    {
        private readonly ChatFixture _fixture;
        private readonly string? _databaseConnectionString;
        private readonly Action<IWebHostBuilder>? _configure;

        /// <summary>
        /// An instance of the fixture's chat server; a test may give one its own way to the database, or settings of
        /// its own (<paramref name="configure"/> runs after the fixture's).
        /// </summary>
        public ChatHostFactory(ChatFixture fixture, string? databaseConnectionString = null, Action<IWebHostBuilder>? configure = null)
        {
            _fixture = fixture;
            _databaseConnectionString = databaseConnectionString;
            _configure = configure;
            UseKestrel(0);
        }

        /// <summary>The hub's URL on this instance's real loopback socket.</summary>
        public Uri HubUrl => new(
            new Uri(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
            "/socket");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            _fixture.Configure(builder, _databaseConnectionString);
            _configure?.Invoke(builder);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ChatCollection : ICollectionFixture<ChatFixture>
{
    public const string Name = "Chat";
}
