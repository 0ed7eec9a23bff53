using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using MySqlConnector;

namespace Homelette.Chaos;

/// <summary>
/// Everything the faults share: the chaos stack, a database seeded once (demo users and listings), the users'
/// tokens, and the hosts each fault starts on its own ports with one signing key.
/// </summary>
internal sealed class Lab(Options options)
{
    public const string Database = "homelette_chaos";
    private readonly string _jwtKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private readonly string _channelPrefix = $"homelette-chaos-{Environment.ProcessId}";

    public Options Options { get; } = options;

    public Stack Stack { get; } = new(options);

    public Uri ApiUrl => Port(1);

    public Uri ChatHostAUrl => Port(2);

    public Uri ChatHostBUrl => Port(3);

    public Uri BalancerUrl => Port(4);

    public IReadOnlyList<TestUser> Users { get; private set; } = [];

    public IReadOnlyList<Guid> Listings { get; private set; } = [];

    public string ConnectionString => Stack.ConnectionString(Database);

    /// <summary>
    /// What the hosts get: the same, with idle pooled connections closed after 10 s rather than MySqlConnector's 180 s,
    /// so that the soak can see the pools shrink back within its closing minute.
    /// </summary>
    private string HostConnectionString => new MySqlConnectionStringBuilder(ConnectionString) { ConnectionIdleTimeout = 10 }.ConnectionString;

    /// <summary>Starts the stack, seeds the database, and signs every user in through a WebApi started for it.</summary>
    public async Task PrepareAsync()
    {
        Directory.CreateDirectory(Options.Out);
        await Stack.UpAsync();
        await SeedAsync();
        await using var api = await StartApiAsync("prepare");
        using var client = new ApiClient(ApiUrl);
        var emails = new List<(Guid Id, string Email)>();
        await using (var connection = new MySqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand(
                "SELECT Id, Email FROM users ORDER BY Email LIMIT @count", connection);
            command.Parameters.AddWithValue("@count", Options.Users);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                emails.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        var started = Stopwatch.GetTimestamp();
        var users = new TestUser[emails.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, emails.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (i, _) => users[i] = new TestUser(emails[i].Id, await client.LoginAsync(emails[i].Email, "homelette-demo")));
        Users = users;
        Report.Line($"{users.Length} users signed in in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");

        var listings = new List<Guid>();
        await using (var connection = new MySqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand("SELECT Id FROM listings WHERE Status = 0 ORDER BY Id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                listings.Add(reader.GetGuid(0));
            }
        }

        Listings = listings;
    }

    public Task<HostProcess> StartApiAsync(string fault) =>
        HostProcess.StartAsync("WebApi", Options.ApiDll, ApiUrl, HostEnvironment(migrate: true), LogFile(fault, "webapi"));

    public Task<HostProcess> StartChatHostAsync(string fault, Uri url, string name) =>
        HostProcess.StartAsync(name, Options.ChatHostDll, url, HostEnvironment(migrate: false), LogFile(fault, name.ToLowerInvariant()));

    public string LogFile(string fault, string name) => Path.Combine(Options.Out, $"{fault}-{name}.log");

    private Dictionary<string, string> HostEnvironment(bool migrate) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Jwt__Key"] = _jwtKey,
        ["ConnectionStrings__Default"] = HostConnectionString,
        ["ConnectionStrings__Redis"] = Stack.RedisConnectionString,
        ["Chat__RedisChannelPrefix"] = _channelPrefix,
        ["Database__MigrateOnStartup"] = migrate ? "true" : "false",
        ["Storage__LocalPath"] = Path.Combine(Options.Out, "uploads"),
        ["Logging__LogLevel__Default"] = "Warning",
        // What the hub does with a join it refuses (an outage, a stopping instance) shows in the fault's host logs.
        ["Logging__LogLevel__Homelette.ChatHost.Filters.HubScopeFilter"] = "Information",
    };

    private async Task SeedAsync()
    {
        var start = new ProcessStartInfo("dotnet", [Options.SeederDll, "--users", Options.Users.ToString(CultureInfo.InvariantCulture), "--listings", "300", "--recreate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Default"] = ConnectionString;
        start.Environment["ConnectionStrings__Redis"] = Stack.RedisConnectionString;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the seeder");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the seeder failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private Uri Port(int offset) => new($"http://127.0.0.1:{Options.PortBase + offset}/");
}

internal sealed record TestUser(Guid Id, string Token);
