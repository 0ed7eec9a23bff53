using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Homelette.Bench.ChatLoad;

/// <summary>
/// What happened to every message of a run, indexed by its sequence number: when it was sent (also written into its
/// client_message_id, with the run's id and the sequence number), when the server acknowledged it, who should receive
/// it, and how often and when it arrived. Sender and receiver live in this one process, so one monotonic clock
/// (<see cref="Stopwatch"/>) measures send→receive.
/// </summary>
internal sealed class Ledger(string runId, int capacity)
{
    private readonly long[] _sentAt = new long[capacity];
    private readonly long[] _ackAt = new long[capacity];
    private readonly long[] _latency = new long[capacity];
    private readonly long[] _receivedAt = new long[capacity];
    private readonly int[] _receipts = new int[capacity];
    private readonly int[] _receiver = new int[capacity];
    private readonly bool[] _failed = new bool[capacity];
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private int _misrouted;
    private int _foreign;

    public string ClientMessageId(int seq, long sentAt) => string.Create(CultureInfo.InvariantCulture, $"{runId}:{seq}:{sentAt}");

    public void Sending(int seq, int receiver, long sentAt)
    {
        _receiver[seq] = receiver;
        Volatile.Write(ref _sentAt[seq], sentAt);
    }

    public void Acknowledged(int seq) => Volatile.Write(ref _ackAt[seq], Stopwatch.GetTimestamp());

    public void Failed(int seq, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _failed[seq] = true;
        var reason = $"{exception.GetType().Name}: {exception.Message}";
        _failures.AddOrUpdate(reason.Length > 160 ? reason[..160] : reason, 1, (_, count) => count + 1);
    }

    /// <summary>A <c>private_message</c> arrived at connection <paramref name="receiver"/>.</summary>
    public void Received(int receiver, string? clientMessageId, long receivedAt)
    {
        if (!TryParse(clientMessageId, out var seq, out var sentAt))
        {
            Interlocked.Increment(ref _foreign);
            return;
        }

        if (Interlocked.Increment(ref _receipts[seq]) == 1)
        {
            _latency[seq] = receivedAt - sentAt;
            _receivedAt[seq] = receivedAt;
        }

        if (_receiver[seq] != receiver)
        {
            Interlocked.Increment(ref _misrouted);
        }
    }

    /// <summary>True when every message acknowledged at or before <paramref name="until"/> has arrived at least once.</summary>
    public bool AllAcknowledgedArrived(int sent, long until)
    {
        for (var seq = 0; seq < sent; seq++)
        {
            var ackAt = Volatile.Read(ref _ackAt[seq]);
            if (ackAt != 0 && ackAt <= until && Volatile.Read(ref _receipts[seq]) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many of the first <paramref name="sent"/> messages the server acknowledged at or after <paramref name="since"/>.</summary>
    public int AcknowledgedSince(long since, int sent)
    {
        var count = 0;
        for (var seq = 0; seq < sent; seq++)
        {
            var at = Volatile.Read(ref _ackAt[seq]);
            count += at != 0 && at >= since ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Counts and percentiles. A message counts as acknowledged when its call returned by <paramref name="ackCutoff"/>;
    /// one acknowledged later counts as pending (not answered in time), never as lost.
    /// </summary>
    public Summary Summarize(int sent, int measuredFrom, long ackCutoff)
    {
        var latencies = new List<double>();
        var acks = new List<double>();
        int acked = 0, failed = 0, received = 0, lost = 0, duplicated = 0, receivedUnacknowledged = 0, measuredReceived = 0;
        var lastReceivedAt = 0L;
        for (var seq = 0; seq < sent; seq++)
        {
            var isAcked = _ackAt[seq] != 0 && _ackAt[seq] <= ackCutoff;
            var receipts = _receipts[seq];
            acked += isAcked ? 1 : 0;
            failed += _failed[seq] ? 1 : 0;
            received += receipts > 0 ? 1 : 0;
            lost += isAcked && receipts == 0 ? 1 : 0;
            duplicated += Math.Max(0, receipts - 1);
            receivedUnacknowledged += !isAcked && receipts > 0 ? 1 : 0;
            if (seq < measuredFrom)
            {
                continue;
            }

            if (receipts > 0)
            {
                measuredReceived++;
                latencies.Add(Milliseconds(_latency[seq]));
                lastReceivedAt = Math.Max(lastReceivedAt, _receivedAt[seq]);
            }

            if (isAcked)
            {
                acks.Add(Milliseconds(_ackAt[seq] - _sentAt[seq]));
            }
        }

        latencies.Sort();
        acks.Sort();
        // Throughput: the measured messages that arrived, over the time from the first measured send to the last
        // of their arrivals (a server that falls behind delivers the same messages over a longer time).
        var window = sent > measuredFrom ? Milliseconds(_sentAt[sent - 1] - _sentAt[measuredFrom]) / 1000 : 0;
        var deliveryWindow = measuredReceived > 0 ? Milliseconds(lastReceivedAt - _sentAt[measuredFrom]) / 1000 : 0;
        return new Summary
        {
            Sent = sent,
            Measured = sent - measuredFrom,
            Acknowledged = acked,
            Failed = failed,
            Received = received,
            Lost = lost,
            Duplicated = duplicated,
            ReceivedUnacknowledged = receivedUnacknowledged,
            Misrouted = _misrouted,
            Foreign = _foreign,
            MeasuredReceived = measuredReceived,
            MeasuredWindowSeconds = window,
            DeliveryWindowSeconds = deliveryWindow,
            Latency = Percentiles.Of(latencies, missing: sent - measuredFrom - measuredReceived),
            AckLatency = Percentiles.Of(acks, missing: sent - measuredFrom - acks.Count),
            Failures = _failures.OrderByDescending(f => f.Value).Select(f => $"{f.Value} x {f.Key}").ToList(),
        };
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private bool TryParse(string? clientMessageId, out int seq, out long sentAt)
    {
        seq = 0;
        sentAt = 0;
        var id = clientMessageId.AsSpan();
        if (!id.StartsWith(runId, StringComparison.Ordinal) || id.Length <= runId.Length || id[runId.Length] != ':')
        {
            return false;
        }

        var rest = id[(runId.Length + 1)..];
        var colon = rest.IndexOf(':');
        return colon > 0
            && int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out seq)
            && long.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sentAt)
            && seq < capacity;
    }
}

internal sealed record Summary
{
    public int Sent { get; init; }

    public int Measured { get; init; }

    public int Acknowledged { get; init; }

    public int Failed { get; init; }

    public int Received { get; init; }

    /// <summary>Acknowledged by the server but never received.</summary>
    public int Lost { get; init; }

    /// <summary>Receipts beyond the first, over all messages.</summary>
    public int Duplicated { get; init; }

    public int ReceivedUnacknowledged { get; init; }

    /// <summary>Received by a connection other than the sender's partner.</summary>
    public int Misrouted { get; init; }

    /// <summary>Received messages that this run did not send.</summary>
    public int Foreign { get; init; }

    public int MeasuredReceived { get; init; }

    /// <summary>From the first measured send to the last send.</summary>
    public double MeasuredWindowSeconds { get; init; }

    /// <summary>From the first measured send to the last arrival of a measured message.</summary>
    public double DeliveryWindowSeconds { get; init; }

    public required Percentiles Latency { get; init; }

    public required Percentiles AckLatency { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }

    public int Pending => Sent - Acknowledged - Failed;
}

/// <summary>
/// Nearest-rank percentiles in milliseconds of a sorted list plus <c>missing</c> values that never came (a message
/// not received, a call not answered): those count as infinitely late, so a percentile that falls among them is
/// <see cref="double.PositiveInfinity"/> rather than a flattering figure computed over the survivors only.
/// NaN when there is nothing at all.
/// </summary>
internal sealed record Percentiles(double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(List<double> sorted, int missing)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var total = sorted.Count + missing;
        return total == 0
            ? new Percentiles(double.NaN, double.NaN, double.NaN, double.NaN)
            : new Percentiles(Rank(sorted, total, 0.50), Rank(sorted, total, 0.95), Rank(sorted, total, 0.99), missing > 0 ? double.PositiveInfinity : sorted[^1]);
    }

    private static double Rank(List<double> sorted, int total, double p)
    {
        var index = Math.Clamp((int)Math.Ceiling(p * total) - 1, 0, total - 1);
        return index < sorted.Count ? sorted[index] : double.PositiveInfinity;
    }

    /// <summary>"12.34", or "inf" for never.</summary>
    public static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "inf" : value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
