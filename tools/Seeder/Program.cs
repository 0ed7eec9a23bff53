using System.Diagnostics;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Storage;
using Homelette.Infrastructure;
using Homelette.Infrastructure.Storage;
using Homelette.Seeder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MySqlConnector;
using static System.FormattableString;

const string DevelopmentConnectionString = "Server=127.0.0.1;Port=3306;Database=homelette;User ID=homelette;Password=homelette";

SeedOptions options;
try
{
    options = SeedOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}\n\n{SeedOptions.Usage}");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(SeedOptions.Usage);
    return 0;
}

// The WebApi's content root (src/WebApi, as under `make run`), so that its appsettings.json and a relative
// Storage:LocalPath mean the same here: photos land where the WebApi serves /uploads from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = [],
    ApplicationName = "Homelette.Seeder",
    ContentRootPath = WebApiContentRoot() ?? Directory.GetCurrentDirectory(),
});
var connectionString = builder.Configuration.GetConnectionString("Default") ?? DevelopmentConnectionString;
builder.Configuration["ConnectionStrings:Default"] = connectionString;
// The seeder never talks to Redis, but the shared registration wants its address.
builder.Configuration["ConnectionStrings:Redis"] ??= "127.0.0.1:6379";
builder.Services.AddInfrastructure(builder.Configuration);

var target = new MySqlConnectionStringBuilder(connectionString);
if (options.Recreate && (target.Database is "homelette" || target.Database.StartsWith("homelette_test", StringComparison.Ordinal)))
{
    await Console.Error.WriteLineAsync($"error: --recreate drops the database; refused for '{target.Database}'. Use --reset there.");
    return 2;
}

using var host = builder.Build();
var services = host.Services;
var uploadFolder = services.GetRequiredService<IOptions<StorageOptions>>().Value.LocalPath;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var photoNote = options.Photos ? Invariant($", photos for the newest {Math.Min(options.PhotoListings, options.Listings):N0}") : string.Empty;
Print($"Seeding {target.Database} on {target.Server}:{target.Port}: {options.Users:N0} users, {options.Listings:N0} listings{photoNote} (seed {options.Seed})");
var clock = Stopwatch.StartNew();
SeedSummary summary;
try
{
    var seeder = new DemoSeeder(
        connectionString,
        options,
        services.GetRequiredService<IPasswordHasher>(),
        services.GetRequiredService<IImageProcessor>(),
        services.GetRequiredService<IFileStore>(),
        Console.Out);
    summary = await seeder.RunAsync(DateTimeOffset.UtcNow, cancel.Token);
}
catch (SeedRefusedException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("Cancelled; the rows written so far stay (run again with --reset).");
    return 130;
}

var cities = string.Join(", ", summary.Cities.Select(c => Invariant($"{c.Key} {c.Value:N0}")));
if (summary.ResetUsers > 0)
{
    Print($"  reset      {summary.ResetUsers,9:N0}  earlier demo users, with their listings, photos, favorites and views");
}

Print($"  users      {summary.Users,9:N0}  password \"{DemoData.Password}\" (hashed once), e.g. {summary.FirstEmail}");
Print($"  listings   {summary.Listings,9:N0}  {summary.Active:N0} active, {summary.Rented:N0} rented, {summary.Archived:N0} archived; {cities}");
if (options.Photos)
{
    Print($"  photos     {summary.Photos,9:N0}  on {summary.PhotoListings:N0} listings, in {uploadFolder} (served at /uploads/...)");
}
Print($"  favorites  {summary.Favorites,9:N0}");
Print($"  views      {summary.Views,9:N0}  signed-in viewers (view counts add anonymous views)");
Print($"  time       {string.Join(", ", summary.Steps.Select(s => Invariant($"{s.Step} {s.Time.TotalSeconds:F1} s")))}");
Print($"Seeded {target.Database} in {clock.Elapsed.TotalSeconds:F1} s.");
return 0;

static void Print(FormattableString text) => Console.WriteLine(Invariant(text));

// src/WebApi of the checkout the seeder runs in (found from the working directory or the seeder's own folder).
static string? WebApiContentRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            var webApi = Path.Combine(folder.FullName, "src", "WebApi");
            if (File.Exists(Path.Combine(folder.FullName, "Homelette.sln")) && Directory.Exists(webApi))
            {
                return webApi;
            }
        }
    }

    return null;
}
