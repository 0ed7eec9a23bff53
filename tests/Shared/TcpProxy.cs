using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Homelette.Testing;

/// <summary>
/// A loopback TCP forwarder in front of a real server (MariaDB, Redis), so that a test can take that server out of
/// a host's reach without stopping it for everyone else: <see cref="Cut"/> drops every open connection and closes
/// each new one at once, as a server that went away would; <see cref="Hold"/> keeps every connection open and accepts
/// new ones but passes no byte on, as a paused server (SIGSTOP) would; <see cref="Restore"/> forwards again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private volatile TaskCompletionSource _flowing = Flowing();

    private TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The loopback port to connect to instead of the server's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static TcpProxy Start(string targetHost, int targetPort) => new(targetHost, targetPort);

    /// <summary>From now on the server is out of reach: open connections break, new ones are closed at once.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var link in _links.Keys)
        {
            link.Close();
        }
    }

    /// <summary>From now on nothing gets through, either way, until <see cref="Restore"/>; no connection is closed.</summary>
    public void Hold()
    {
        if (_flowing.Task.IsCompleted)
        {
            _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Forwards again; what arrived during a <see cref="Hold"/> is passed on now.</summary>
    public void Restore()
    {
        _cut = false;
        _flowing.TrySetResult();
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_cut)
            {
                client.Dispose();
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var server = new TcpClient();
        var link = new Link(client, server);
        _links.TryAdd(link, 0);
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
            if (_cut)
            {
                return;
            }

            // Whichever direction ends first (or a cut) ends both.
            await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A dropped link is what the test asked for.
        }
        finally
        {
            _links.TryRemove(link, out _);
            link.Close();
        }
    }

    /// <summary>Copies one direction; while held, what it reads waits for <see cref="Restore"/>.</summary>
    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stopping.Token);
            if (read == 0)
            {
                return;
            }

            await _flowing.Task.WaitAsync(_stopping.Token);
            await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
    }

    private sealed class Link(TcpClient client, TcpClient server)
    {
        public void Close()
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
