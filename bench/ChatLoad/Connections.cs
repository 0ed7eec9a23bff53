using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static System.FormattableString;
using static Homelette.Bench.ChatLoad.Output;

namespace Homelette.Bench.ChatLoad;

/// <summary>
/// The bench's hub connections, one per user of the tokens file: opened a few at a time (with --hub-b, the second
/// half of them on the second hub), watched for errors and unexpected closes, and closed together.
/// </summary>
internal static class Connections
{
    private const int ConnectAttempts = 3;

    /// <summary>The users of --tokens, "user_id&lt;TAB&gt;jwt" a line; at least --connections of them.</summary>
    public static async Task<List<(Guid UserId, string Token)>> ReadUsersAsync(Options options, CancellationToken cancellationToken)
    {
        var users = (await File.ReadAllLinesAsync(options.Tokens, cancellationToken))
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(parts => (UserId: Guid.Parse(parts[0]), Token: parts[1]))
            .ToList();
        return users.Count >= options.Connections
            ? users
            : throw new InvalidOperationException($"{options.Tokens} holds {users.Count} tokens; --connections {options.Connections} needs as many.");
    }

    /// <summary>
    /// Opens the peers' connections, a few at a time; returns how many could not be opened. With --hub-b the peers of
    /// index Length/2 and up connect to it, so that peer i and its partner i + Length/2 sit on different instances.
    /// <paramref name="subscribe"/> registers the message handlers a run needs (none for idle connections).
    /// </summary>
    public static async Task<int> OpenAsync(
        Options options, Peer[] peers, ConnectionStats stats, Action<HubConnection, Peer>? subscribe, CancellationToken cancellationToken)
    {
        int opened = 0, failed = 0;
        await Parallel.ForEachAsync(
            peers,
            new ParallelOptions { MaxDegreeOfParallelism = options.ConnectParallel, CancellationToken = cancellationToken },
            async (peer, token) =>
            {
                var hub = options.HubB is { } hubB && peer.Index >= peers.Length / 2 ? hubB : options.Hub!;
                peer.Connection = Build(hub, peer, stats);
                subscribe?.Invoke(peer.Connection, peer);
                if (!await StartAsync(peer.Connection, stats, token))
                {
                    Interlocked.Increment(ref failed);
                }
                else if (Interlocked.Increment(ref opened) % 250 == 0)
                {
                    Log($"  {opened} of {peers.Length} connected");
                }
            });
        return failed;
    }

    /// <summary>Closes every connection, 32 at a time, giving up after a minute or more (the process exit closes the rest).</summary>
    public static async Task CloseAsync(Peer[] peers, ConnectionStats stats, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(stats);
        stats.Stopping = true;
        var closed = 0;
        var closing = Parallel.ForEachAsync(
            peers.Where(p => p.Connection is not null),
            new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (peer, _) =>
            {
                try
                {
                    await peer.Connection!.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
                    Interlocked.Increment(ref closed);
                }
                catch (TimeoutException)
                {
                }
            });
        try
        {
            await closing.WaitAsync(CloseTimeout(peers.Length), CancellationToken.None);
        }
        catch (TimeoutException)
        {
        }

        if (!quiet || closed < peers.Length)
        {
            Log($"{closed} of {peers.Length} connections closed");
        }
    }

    /// <summary>How long <see cref="CloseAsync"/> may take: a minute, or 20 ms per connection when that is longer.</summary>
    public static TimeSpan CloseTimeout(int connections) => TimeSpan.FromSeconds(Math.Max(60, connections / 50));

    /// <summary>
    /// A connection with only what every mode needs: the error event and the close callback. The client drops
    /// events without a handler (online_users, user_online…) after failing to bind them, as it always did here.
    /// </summary>
    private static HubConnection Build(Uri hub, Peer peer, ConnectionStats stats)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, http =>
            {
                // The .NET client sends the token in the Authorization header, which both hubs read.
                http.AccessTokenProvider = () => Task.FromResult<string?>(peer.Token);
                http.Transports = HttpTransportType.WebSockets;
                http.SkipNegotiation = true;
            })
            .AddJsonProtocol(json => Wire.Apply(json.PayloadSerializerOptions))
            .Build();
        connection.On<HubError>("error", error => stats.Error($"{error.Code}: {error.Message}"));
        connection.Closed += exception =>
        {
            stats.Closed(exception);
            return Task.CompletedTask;
        };
        return connection;
    }

    private static async Task<bool> StartAsync(HubConnection connection, ConnectionStats stats, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= ConnectAttempts; attempt++)
        {
            try
            {
                await connection.StartAsync(cancellationToken);
                return true;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                stats.ConnectFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }

        return false;
    }
}

/// <summary>One bench user and its hub connection; <see cref="Index"/> is its place in the run.</summary>
internal sealed class Peer(int index, Guid userId, string token)
{
    public int Index { get; } = index;

    public Guid UserId { get; } = userId;

    public string Token { get; } = token;

    public HubConnection? Connection { get; set; }

    /// <summary>The first <paramref name="count"/> users as peers 0..count-1.</summary>
    public static Peer[] Of(IEnumerable<(Guid UserId, string Token)> users, int count) =>
        users.Take(count).Select((user, index) => new Peer(index, user.UserId, user.Token)).ToArray();
}

/// <summary>What happened to the connections themselves: failed starts, error events, deliveries to senders, drops.</summary>
internal sealed class ConnectionStats
{
    private string? _firstConnectError;
    private int _delivered;
    private int _errors;
    private int _dropped;
    private volatile bool _stopping;

    /// <summary>Set before closing on purpose: a close from then on is no drop.</summary>
    public bool Stopping
    {
        get => _stopping;
        set => _stopping = value;
    }

    public string? FirstConnectError => _firstConnectError;

    public string? FirstError { get; private set; }

    public string? FirstDropError { get; private set; }

    public int DeliveredEvents => Volatile.Read(ref _delivered);

    public int ErrorEvents => Volatile.Read(ref _errors);

    public int Dropped => Volatile.Read(ref _dropped);

    public void ConnectFailed(Exception exception) =>
        Interlocked.CompareExchange(ref _firstConnectError, $"{exception.GetType().Name}: {exception.Message}", null);

    public void Delivered() => Interlocked.Increment(ref _delivered);

    public void Error(string error)
    {
        Interlocked.Increment(ref _errors);
        FirstError ??= error;
    }

    public void Closed(Exception? exception)
    {
        if (!Stopping)
        {
            Interlocked.Increment(ref _dropped);
            FirstDropError ??= exception?.Message ?? "closed by the server";
        }
    }
}

/// <summary>The client's two outputs: progress on stderr, and the formatting of the RESULT line's figures.</summary>
internal static class Output
{
    public static void Log(FormattableString message) => Log(Invariant(message));

    public static void Log(string message) => Console.Error.WriteLine("[chat-load] " + message);

    /// <summary>A VmRSS reading, or "n/a".</summary>
    public static string Kb(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "n/a";
}
