using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MySqlConnector;

namespace Homelette.Chaos;

/// <summary>
/// The chaos stack's MariaDB and Redis (build/stack.sh under their own state folder and ports), and the signals the
/// faults send them: SIGKILL, SIGSTOP/SIGCONT, a Redis shutdown; build/stack.sh starts them again.
/// </summary>
internal sealed partial class Stack(Options options)
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public string ConnectionString(string database) => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)options.DbPort,
        Database = database,
        UserID = "homelette",
        Password = "homelette",
    }.ConnectionString;

    public string RedisConnectionString => $"127.0.0.1:{options.RedisPort}";

    public int MariaDbPid => ReadPid(Path.Combine(options.StackDir, "mariadb", "mariadb.pid"));

    public int RedisPid => ReadPid(Path.Combine(options.StackDir, "redis", "redis.pid"));

    /// <summary>build/stack.sh up: starts whichever of the two is not running (MariaDB recovers its data after a kill).</summary>
    public async Task UpAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(options.Root, "build", "stack.sh"), "up")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.Root,
        };
        start.Environment["HOMELETTE_STACK_DIR"] = options.StackDir;
        start.Environment["HOMELETTE_DB_PORT"] = options.DbPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["HOMELETTE_REDIS_PORT"] = options.RedisPort.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run build/stack.sh");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"build/stack.sh up failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    /// <summary>kill -9 MariaDB, as a crash would; returns once the process is gone.</summary>
    public Task KillMariaDbAsync() => SignalAndWaitAsync(MariaDbPid, SigKill);

    /// <summary>Stops Redis (SIGTERM: it exits without saving, the chaos stack keeps no data on disk).</summary>
    public Task StopRedisAsync() => SignalAndWaitAsync(RedisPid, SigTerm);

    public void PauseMariaDb() => Signal(MariaDbPid, SigStop);

    public void ResumeMariaDb() => Signal(MariaDbPid, SigCont);

    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>MariaDB's Threads_connected: every client connection, ours included.</summary>
    public async Task<long> MariaDbConnectionsAsync()
    {
        await using var connection = new MySqlConnection(ConnectionString("mysql"));
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SHOW GLOBAL STATUS LIKE 'Threads_connected'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? long.Parse(reader.GetString(1), CultureInfo.InvariantCulture) - 1 : -1;
    }

    /// <summary>Redis's connected_clients, as INFO clients reports it (over redis-cli).</summary>
    public async Task<long> RedisClientsAsync()
    {
        var start = new ProcessStartInfo("redis-cli", ["-h", "127.0.0.1", "-p", options.RedisPort.ToString(CultureInfo.InvariantCulture), "info", "clients"])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run redis-cli");
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("connected_clients:", StringComparison.Ordinal));
        // Less the redis-cli connection that asks.
        return line is null ? -1 : long.Parse(line["connected_clients:".Length..].Trim(), CultureInfo.InvariantCulture) - 1;
    }

    private static async Task SignalAndWaitAsync(int pid, int signal)
    {
        Signal(pid, signal);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (File.Exists($"/proc/{pid}/stat") && !IsZombie(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"process {pid} did not exit within 30 s of signal {signal}");
            }

            await Task.Delay(50);
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static int ReadPid(string file) =>
        int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
