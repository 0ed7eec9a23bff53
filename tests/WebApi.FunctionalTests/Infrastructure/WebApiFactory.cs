using System.Globalization;
using Homelette.Infrastructure.Data;
using Homelette.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// The real WebApi in process, served by Kestrel on a loopback port (so request limits are the real server's),
/// on the real MariaDB and Redis that `make test` starts.
/// </summary>
public sealed class WebApiFactory : WebApplicationFactory<WebApiMarker>, IAsyncLifetime
{
    /// <summary>The newest listings the search checks word by word before it asks the full-text index.</summary>
    public const int TextScanWindow = 3;

    /// <summary>A map box with at most this many listings is fetched whole and sorted in memory.</summary>
    public const int SmallBoxListings = 3;

    public WebApiFactory() => UseKestrel(0);

    public TestDatabase Database { get; } = new(TestSettings.DatabaseConnectionString("webapi"));

    /// <summary>Uploaded photos of this test run, in a folder of its own (removed at the end).</summary>
    public string UploadFolder { get; } = Directory.CreateTempSubdirectory("homelette-uploads-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder) => ApplySettings(builder);

    /// <summary>The settings of the tests' WebApi: its database, Redis, key, upload folder and search thresholds.</summary>
    public void ApplySettings(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(TestSettings.Environment);
        builder.UseSetting("ConnectionStrings:Default", Database.ConnectionString);
        builder.UseSetting("ConnectionStrings:Redis", TestSettings.RedisConnectionString(1));
        builder.UseSetting("Jwt:Key", TestSettings.JwtKey);
        builder.UseSetting("Storage:LocalPath", UploadFolder);

        // Small enough that a handful of listings crosses them, so the tests walk both ways of each search.
        builder.UseSetting("Listings:Search:TextScanWindow", TextScanWindow.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Listings:Search:SmallBoxListings", SmallBoxListings.ToString(CultureInfo.InvariantCulture));
    }

    public async Task InitializeAsync() => await Database.MigrateAsync(Services);

    public Task<T> QueryAsync<T>(Func<HomeletteDbContext, Task<T>> query) => TestDatabase.QueryAsync(Services, query);

    public Task<Domain.Users.User> FindUserAsync(Guid id) =>
        QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Directory.Delete(UploadFolder, recursive: true);
    }
}

/// <summary>
/// The tests' WebApi with settings of a test's own on top (<paramref name="configure"/>), on the same database and on a
/// Kestrel socket of its own (<c>WithWebHostBuilder</c> would serve it in memory, without the real server's limits).
/// </summary>
public sealed class WebApiVariant : WebApplicationFactory<WebApiMarker>
{
    private readonly WebApiFactory _tests;
    private readonly Action<IWebHostBuilder> _configure;

    public WebApiVariant(WebApiFactory tests, Action<IWebHostBuilder> configure)
    {
        _tests = tests;
        _configure = configure;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _tests.ApplySettings(builder);
        _configure(builder);
    }
}

[CollectionDefinition(Name)]
public sealed class WebApiCollection : ICollectionFixture<WebApiFactory>
{
    public const string Name = "WebApi";
}
