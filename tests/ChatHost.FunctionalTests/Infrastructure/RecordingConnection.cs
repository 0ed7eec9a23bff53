using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Homelette.ChatHost.FunctionalTests.Infrastructure;

/// <summary>A hub connection that keeps, per event name, every payload it received, in order.</summary>
public sealed class RecordingConnection
{
    private static readonly string[] Events =
    [
        "online_users", "user_online", "user_offline", "private_message", "conversation_message", "message_delivered",
        "message_edited", "message_deleted", "user_typing", "messages_read", "listing_interest", "error",
    ];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _received = new();

    public RecordingConnection(HubConnection connection)
    {
        Connection = connection;
        foreach (var name in Events)
        {
            var channel = _received.GetOrAdd(name, _ => Channel.CreateUnbounded<JsonElement>());
            connection.On<JsonElement>(name, payload => channel.Writer.TryWrite(payload));
        }
    }

    public HubConnection Connection { get; }

    /// <summary>The next payload of that event (waiting up to 10 s).</summary>
    public async Task<JsonElement> NextAsync(string eventName)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await _received[eventName].Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No '{eventName}' event within {Timeout.TotalSeconds} s.");
        }
    }

    /// <summary>Waits for the event whose payload names that user, skipping others.</summary>
    public async Task<JsonElement> NextAboutAsync(string eventName, Guid userId)
    {
        while (true)
        {
            var payload = await NextAsync(eventName);
            if (payload.GetProperty("user_id").GetGuid() == userId)
            {
                return payload;
            }
        }
    }

    /// <summary>Waits a little and returns whatever of that event arrived meanwhile: for proving that nothing came.</summary>
    public async Task<List<JsonElement>> QuietAsync(string eventName, TimeSpan? wait = null)
    {
        await Task.Delay(wait ?? TimeSpan.FromMilliseconds(500));
        return Drain(eventName);
    }

    /// <summary>Everything of that event received so far, without waiting.</summary>
    public List<JsonElement> Drain(string eventName)
    {
        var items = new List<JsonElement>();
        while (_received[eventName].Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
