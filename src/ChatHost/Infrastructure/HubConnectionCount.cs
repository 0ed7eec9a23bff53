namespace Homelette.ChatHost.Infrastructure;

/// <summary>
/// How many hub connections this instance holds, and the most it held since <see cref="TakePeak"/> was last called.
/// Counted by <see cref="Filters.HubScopeFilter"/>: a connection counts once its connect handler has returned, and
/// stops counting when its disconnect handler has run (SignalR runs that one for the connections whose connect
/// handler completed; in the rare case where disposing the connect call's scope fails afterwards, SignalR treats the
/// connection as failed and the count stays one too high).
/// </summary>
public sealed class HubConnectionCount
{
    private long _current;
    private long _peak;

    public long Current => Interlocked.Read(ref _current);

    public void Opened()
    {
        var now = Interlocked.Increment(ref _current);
        var peak = Interlocked.Read(ref _peak);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, now, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }
    }

    public void Closed() => Interlocked.Decrement(ref _current);

    /// <summary>The most connections held since the last call (at least the current count), and starts counting anew.</summary>
    public long TakePeak()
    {
        var current = Current;
        return Math.Max(Interlocked.Exchange(ref _peak, current), current);
    }
}
