using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Homelette.Bench.ChatLoad;

/// <summary>
/// Who should receive each message, as receiver slots 0..<see cref="Receivers"/>-1 of its sender. Group size 1:
/// pairs, where peer i writes to its partner (i + n/2) mod n, one receiver. Group size G ≥ 3: groups of G
/// consecutive peers (group j is peers j*G..j*G+G-1), where a message reaches the G-1 other members, whose slots
/// are their places in the group with the sender's left out.
/// </summary>
internal sealed record Audience(int Connections, int GroupSize)
{
    public static Audience Pairs(int connections) => new(connections, 1);

    public bool IsGroups => GroupSize > 1;

    /// <summary>Expected deliveries per message: 1 in pairs, G-1 in groups.</summary>
    public int Receivers => IsGroups ? GroupSize - 1 : 1;

    /// <summary>The partner of <paramref name="sender"/> in pairs.</summary>
    public int Partner(int sender) => (sender + (Connections / 2)) % Connections;

    /// <summary>The slot of <paramref name="receiver"/> among the receivers of <paramref name="sender"/>'s messages, or -1 when it is none of them.</summary>
    public int Slot(int sender, int receiver)
    {
        if ((uint)sender >= (uint)Connections || (uint)receiver >= (uint)Connections)
        {
            return -1;
        }

        if (!IsGroups)
        {
            return receiver == Partner(sender) ? 0 : -1;
        }

        if (receiver == sender || receiver / GroupSize != sender / GroupSize)
        {
            return -1;
        }

        var place = receiver % GroupSize;
        return place < sender % GroupSize ? place : place - 1;
    }
}

/// <summary>
/// What happened to every message of a run, indexed by its sequence number: who sent it and when (the time is also
/// written into its client_message_id, with the run's id and the sequence number), when the server acknowledged it,
/// and, for each of its <see cref="Audience.Receivers"/> expected deliveries (message seq, receiver slot s: index
/// seq * F + s), how often and when it arrived. Sender and receivers live in this one process, so one monotonic
/// clock (<see cref="Stopwatch"/>) measures send→receive.
/// </summary>
internal sealed class Ledger
{
    private readonly string _runId;
    private readonly int _capacity;
    private readonly Audience _audience;
    private readonly int _receivers;

    // Per message.
    private readonly long[] _sentAt;
    private readonly long[] _ackAt;
    private readonly int[] _sender;
    private readonly bool[] _failed;

    /// <summary>How many of the message's deliveries have arrived at least once.</summary>
    private readonly int[] _arrived;

    // Per delivery (message, receiver slot). The first arrival's time; the latency is that minus the message's
    // send time, the same number its client_message_id carries.
    private readonly int[] _receipts;
    private readonly long[] _receivedAt;

    private readonly ConcurrentDictionary<string, int> _failures = new();
    private int _misrouted;
    private int _foreign;

    public Ledger(string runId, int capacity, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(audience);
        _runId = runId;
        _capacity = capacity;
        _audience = audience;
        _receivers = audience.Receivers;
        _sentAt = new long[capacity];
        _ackAt = new long[capacity];
        _sender = new int[capacity];
        _failed = new bool[capacity];
        _arrived = new int[capacity];
        _receipts = new int[checked(capacity * _receivers)];
        _receivedAt = new long[_receipts.Length];
    }

    /// <summary>Expected deliveries per message.</summary>
    public int Receivers => _receivers;

    public string ClientMessageId(int seq, long sentAt) => string.Create(CultureInfo.InvariantCulture, $"{_runId}:{seq}:{sentAt}");

    public void Sending(int seq, int sender, long sentAt)
    {
        _sender[seq] = sender;
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

    /// <summary>
    /// A message event arrived at connection <paramref name="receiver"/>. Not one of this run's messages: foreign.
    /// At a connection that is not one of the message's receivers (the sender included): misrouted, and no delivery.
    /// </summary>
    public void Received(int receiver, string? clientMessageId, long receivedAt)
    {
        if (!TryParse(clientMessageId, out var seq, out var sentAt) || Volatile.Read(ref _sentAt[seq]) != sentAt)
        {
            Interlocked.Increment(ref _foreign);
            return;
        }

        var slot = _audience.Slot(_sender[seq], receiver);
        if (slot < 0)
        {
            Interlocked.Increment(ref _misrouted);
            return;
        }

        // The arrival time first, the count after: whoever reads a count of one or more also sees the time.
        var delivery = (seq * _receivers) + slot;
        if (Interlocked.CompareExchange(ref _receivedAt[delivery], receivedAt, 0) == 0)
        {
            Interlocked.Increment(ref _arrived[seq]);
        }

        Interlocked.Increment(ref _receipts[delivery]);
    }

    /// <summary>True when every message acknowledged at or before <paramref name="until"/> has reached all its receivers at least once.</summary>
    public bool AllAcknowledgedArrived(int sent, long until)
    {
        for (var seq = 0; seq < sent; seq++)
        {
            var ackAt = Volatile.Read(ref _ackAt[seq]);
            if (ackAt != 0 && ackAt <= until && Volatile.Read(ref _arrived[seq]) < _receivers)
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
    /// Counts and percentiles: sent, acknowledged, failed and the acknowledgement latency per message; received,
    /// lost, duplicated and the send→receive latency per delivery (a message and one of its receivers). A message
    /// counts as acknowledged when its call returned by <paramref name="ackCutoff"/>; one acknowledged later counts
    /// as pending (not answered in time), and its deliveries never as lost.
    /// </summary>
    public Summary Summarize(int sent, int measuredFrom, long ackCutoff)
    {
        var measured = sent - measuredFrom;
        var deliveries = measured * _receivers;
        var latencies = new List<double>(deliveries);
        var acks = new List<double>(measured);
        int acked = 0, failed = 0, received = 0, lost = 0, duplicated = 0, receivedUnacknowledged = 0, measuredReceived = 0;
        var lastReceivedAt = 0L;
        for (var seq = 0; seq < sent; seq++)
        {
            var sentAt = Volatile.Read(ref _sentAt[seq]);
            var ackAt = Volatile.Read(ref _ackAt[seq]);
            var isAcked = ackAt != 0 && ackAt <= ackCutoff;
            var isMeasured = seq >= measuredFrom;
            acked += isAcked ? 1 : 0;
            failed += _failed[seq] ? 1 : 0;
            if (isMeasured && isAcked)
            {
                acks.Add(Milliseconds(ackAt - sentAt));
            }

            for (var delivery = seq * _receivers; delivery < (seq + 1) * _receivers; delivery++)
            {
                // The count before the time (the reverse of the writes in Received).
                var receipts = Volatile.Read(ref _receipts[delivery]);
                var receivedAt = Volatile.Read(ref _receivedAt[delivery]);
                var arrived = receivedAt != 0;
                received += arrived ? 1 : 0;
                lost += isAcked && !arrived ? 1 : 0;
                duplicated += Math.Max(0, receipts - 1);
                receivedUnacknowledged += !isAcked && arrived ? 1 : 0;
                if (isMeasured && arrived)
                {
                    measuredReceived++;
                    latencies.Add(Milliseconds(receivedAt - sentAt));
                    lastReceivedAt = Math.Max(lastReceivedAt, receivedAt);
                }
            }
        }

        latencies.Sort();
        acks.Sort();
        // Throughput: the measured deliveries that arrived, over the time from the first measured send to the last
        // of their arrivals (a server that falls behind delivers the same messages over a longer time).
        var window = sent > measuredFrom ? Milliseconds(_sentAt[sent - 1] - _sentAt[measuredFrom]) / 1000 : 0;
        var deliveryWindow = measuredReceived > 0 ? Milliseconds(lastReceivedAt - _sentAt[measuredFrom]) / 1000 : 0;
        return new Summary
        {
            Sent = sent,
            Measured = measured,
            Receivers = _receivers,
            Deliveries = deliveries,
            Acknowledged = acked,
            Failed = failed,
            Received = received,
            Lost = lost,
            Duplicated = duplicated,
            ReceivedUnacknowledged = receivedUnacknowledged,
            Misrouted = Volatile.Read(ref _misrouted),
            Foreign = Volatile.Read(ref _foreign),
            MeasuredReceived = measuredReceived,
            MeasuredWindowSeconds = window,
            DeliveryWindowSeconds = deliveryWindow,
            Latency = Percentiles.Of(latencies, missing: deliveries - measuredReceived),
            AckLatency = Percentiles.Of(acks, missing: measured - acks.Count),
            Failures = _failures.OrderByDescending(f => f.Value).Select(f => $"{f.Value} x {f.Key}").ToList(),
        };
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private bool TryParse(string? clientMessageId, out int seq, out long sentAt)
    {
        seq = 0;
        sentAt = 0;
        var id = clientMessageId.AsSpan();
        if (!id.StartsWith(_runId, StringComparison.Ordinal) || id.Length <= _runId.Length || id[_runId.Length] != ':')
        {
            return false;
        }

        var rest = id[(_runId.Length + 1)..];
        var colon = rest.IndexOf(':');
        return colon > 0
            && int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out seq)
            && long.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sentAt)
            && seq < _capacity;
    }
}

/// <summary>
/// A run's figures. Sent to Failed count messages; Received to MeasuredReceived count deliveries, one per message
/// and receiver (<see cref="Receivers"/> per message: 1 in pairs, G-1 in groups of G), so in pairs they are messages.
/// </summary>
internal sealed record Summary
{
    public int Sent { get; init; }

    public int Measured { get; init; }

    /// <summary>Expected deliveries per message.</summary>
    public int Receivers { get; init; }

    /// <summary>Expected deliveries of the measured messages: Measured × Receivers.</summary>
    public int Deliveries { get; init; }

    public int Acknowledged { get; init; }

    public int Failed { get; init; }

    /// <summary>Deliveries that arrived at least once.</summary>
    public int Received { get; init; }

    /// <summary>Deliveries of messages acknowledged by the server that never arrived.</summary>
    public int Lost { get; init; }

    /// <summary>Receipts beyond the first, over all deliveries.</summary>
    public int Duplicated { get; init; }

    /// <summary>Deliveries that arrived of messages not acknowledged in time.</summary>
    public int ReceivedUnacknowledged { get; init; }

    /// <summary>Receipts at a connection that is none of the message's receivers (the partner, or the group's other members).</summary>
    public int Misrouted { get; init; }

    /// <summary>Received messages that this run did not send.</summary>
    public int Foreign { get; init; }

    /// <summary>Deliveries of measured messages that arrived.</summary>
    public int MeasuredReceived { get; init; }

    /// <summary>From the first measured send to the last send.</summary>
    public double MeasuredWindowSeconds { get; init; }

    /// <summary>From the first measured send to the last arrival of a measured message.</summary>
    public double DeliveryWindowSeconds { get; init; }

    /// <summary>Send→receive per delivery of a measured message; the ones that never arrived count as infinitely late.</summary>
    public required Percentiles Latency { get; init; }

    /// <summary>Send→acknowledgement per measured message.</summary>
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
