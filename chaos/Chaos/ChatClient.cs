using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.Chaos;

/// <summary>
/// One user's hub connection (WebSockets, the token in the query string, automatic reconnect), with every message it
/// received live, and how often it lost and regained the connection.
/// </summary>
internal sealed class ChatClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private int _reconnecting;
    private int _reconnected;
    private int _closed;

    private ChatClient(TestUser user, HubConnection connection)
    {
        User = user;
        _connection = connection;
        _connection.On<IncomingMessage>("private_message", m => Received.TryAdd(m.Id, 0));
        _connection.On<IncomingMessage>("conversation_message", m => Received.TryAdd(m.Id, 0));
        _connection.Reconnecting += _ =>
        {
            Interlocked.Increment(ref _reconnecting);
            LastDropAt = Report.Now;
            return Task.CompletedTask;
        };
        _connection.Reconnected += _ =>
        {
            Interlocked.Increment(ref _reconnected);
            LastReconnectAt = Report.Now;
            return Task.CompletedTask;
        };
        _connection.Closed += _ =>
        {
            Interlocked.Increment(ref _closed);
            return Task.CompletedTask;
        };
    }

    public TestUser User { get; }

    /// <summary>Ids of the messages pushed to this connection (private_message, conversation_message).</summary>
    public ConcurrentDictionary<Guid, byte> Received { get; } = new();

    public int Reconnecting => Volatile.Read(ref _reconnecting);

    public int Reconnected => Volatile.Read(ref _reconnected);

    public int Closed => Volatile.Read(ref _closed);

    public double? LastDropAt { get; private set; }

    public double? LastReconnectAt { get; private set; }

    public HubConnectionState State => _connection.State;

    public static async Task<ChatClient> ConnectAsync(Uri host, TestUser user, CancellationToken cancellationToken = default)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host, $"socket?access_token={Uri.EscapeDataString(user.Token)}"), HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
            .AddJsonProtocol(o => o.PayloadSerializerOptions = ApiClient.Json)
            .WithAutomaticReconnect(new EveryHalfSecond())
            .WithServerTimeout(TimeSpan.FromSeconds(30))
            .Build();
        var client = new ChatClient(user, connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.StartAsync(cancellationToken);
                return client;
            }
            catch (Exception) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    /// <summary>private_message with a client id; the answer (stored message) or the error, timed.</summary>
    public async Task<HubOutcome> SendPrivateAsync(Guid recipient, string clientMessageId, TimeSpan timeout)
    {
        var at = Report.Now;
        var started = Stopwatch.GetTimestamp();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var message = await _connection.InvokeAsync<IncomingMessage>(
                "private_message", new OutgoingMessage(recipient, $"chaos {clientMessageId}", clientMessageId), cancel.Token);
            return new HubOutcome(at, Stopwatch.GetElapsedTime(started), message.Id, null);
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or OperationCanceledException or IOException
            or System.Net.WebSockets.WebSocketException)
        {
            var error = ex is OperationCanceledException && cancel.IsCancellationRequested ? "client timeout" : ex.GetType().Name + ": " + ex.Message;
            return new HubOutcome(at, Stopwatch.GetElapsedTime(started), null, error);
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private sealed class EveryHalfSecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            retryContext.ElapsedTime < TimeSpan.FromMinutes(2) ? TimeSpan.FromMilliseconds(500) : null;
    }
}

internal sealed record HubOutcome(double At, TimeSpan Elapsed, Guid? MessageId, string? Error)
{
    public bool Ok => MessageId is not null;
}

internal sealed record OutgoingMessage(Guid RecipientId, string Content, string ClientMessageId);

internal sealed record IncomingMessage(Guid Id, Guid SenderId, string? ClientMessageId);
