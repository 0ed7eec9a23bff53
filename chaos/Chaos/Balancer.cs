using System.Net;
using System.Net.Sockets;

namespace Homelette.Chaos;

/// <summary>
/// A loopback TCP load balancer in front of the ChatHosts, as a deployment has one: each new connection goes to the
/// next instance in turn, or to the one after it when that one refuses (a stopped instance), and then bytes are
/// copied both ways until either side closes.
/// </summary>
internal sealed class Balancer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IReadOnlyList<Uri> _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _next;

    public Balancer(Uri listen, IReadOnlyList<Uri> backends)
    {
        _backends = backends;
        _listener = new TcpListener(IPAddress.Loopback, listen.Port);
        _listener.Start(512);
        _accepting = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            var first = Interlocked.Increment(ref _next);
            TcpClient? upstream = null;
            for (var i = 0; i < _backends.Count && upstream is null; i++)
            {
                var backend = _backends[(first + i) % _backends.Count];
                var candidate = new TcpClient();
                try
                {
                    await candidate.ConnectAsync(IPAddress.Loopback, backend.Port, _stop.Token);
                    upstream = candidate;
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                {
                    candidate.Dispose();
                }
            }

            if (upstream is null)
            {
                return;
            }

            using (upstream)
            {
                client.NoDelay = upstream.NoDelay = true;
                var a = client.GetStream();
                var b = upstream.GetStream();
                // When either direction ends (a close or a reset), the connection is over: close both sides.
                await Task.WhenAny(CopyAsync(a, b), CopyAsync(b, a));
            }
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
