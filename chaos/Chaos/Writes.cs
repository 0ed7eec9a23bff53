using System.Collections.Concurrent;
using System.Globalization;
using MySqlConnector;

namespace Homelette.Chaos;

/// <summary>
/// One client's write as the client sees it: the attempts it took (a retry repeats the same client id) and, once one
/// was acknowledged, what the server said it stored.
/// </summary>
internal sealed class Write(string kind, Guid userId, string key)
{
    public string Kind { get; } = kind;

    public Guid UserId { get; } = userId;

    /// <summary>The client message id, or the listing id of a favorite.</summary>
    public string Key { get; } = key;

    public List<Attempt> Attempts { get; } = [];

    public Guid? StoredMessageId { get; set; }

    public bool Acknowledged { get; set; }
}

/// <summary>One try: when it started and ended (seconds into the fault), and how it failed, if it did.</summary>
internal sealed record Attempt(double At, double End, string? Error)
{
    public static Attempt From(Outcome outcome) =>
        new(outcome.At, outcome.At + outcome.Elapsed.TotalSeconds, outcome.Ok ? null : Describe(outcome));

    public static Attempt From(HubOutcome outcome) =>
        new(outcome.At, outcome.At + outcome.Elapsed.TotalSeconds, outcome.Ok ? null : outcome.Error);

    public double Seconds => End - At;

    private static string Describe(Outcome outcome) => outcome.Status switch
    {
        Outcome.NetworkError => "network error",
        Outcome.TimedOut => "client timeout",
        var status => status.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Every write of a fault run, and the database's side of the story.</summary>
internal sealed class Ledger
{
    public ConcurrentBag<Write> Writes { get; } = [];

    public IEnumerable<Attempt> Failures => Writes.SelectMany(w => w.Attempts).Where(a => a.Error is not null);

    public int Requests => Writes.Sum(w => w.Attempts.Count);

    /// <summary>
    /// Compares the acknowledged messages with the rows: an acknowledged client id with no row is lost, with a row
    /// of another id is a wrong answer, and a client id stored twice is a duplicate (of any write, acknowledged or not).
    /// </summary>
    public async Task<(int Lost, int Duplicated, int WrongId)> CheckMessagesAsync(string connectionString, string clientIdPrefix)
    {
        var rows = new Dictionary<(Guid, string), List<Guid>>();
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new MySqlCommand("SELECT SenderId, ClientMessageId, Id FROM messages WHERE ClientMessageId LIKE @prefix", connection))
        {
            command.Parameters.AddWithValue("@prefix", clientIdPrefix + "%");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = (reader.GetGuid(0), reader.GetString(1));
                if (!rows.TryGetValue(key, out var ids))
                {
                    rows[key] = ids = [];
                }

                ids.Add(reader.GetGuid(2));
            }
        }

        int lost = 0, wrong = 0;
        foreach (var write in Writes.Where(w => w.Acknowledged && w.Kind.StartsWith("message", StringComparison.Ordinal)))
        {
            if (!rows.TryGetValue((write.UserId, write.Key), out var ids))
            {
                lost++;
            }
            else if (!ids.Contains(write.StoredMessageId!.Value))
            {
                wrong++;
            }
        }

        return (lost, rows.Values.Count(ids => ids.Count > 1), wrong);
    }

    /// <summary>An acknowledged favorite with no row is lost; the key (user, listing) cannot hold two rows, but is counted.</summary>
    public async Task<(int Lost, int Duplicated)> CheckFavoritesAsync(string connectionString)
    {
        var rows = new Dictionary<(Guid, Guid), int>();
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new MySqlCommand("SELECT UserId, ListingId FROM favorites", connection))
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = (reader.GetGuid(0), reader.GetGuid(1));
                rows[key] = rows.GetValueOrDefault(key) + 1;
            }
        }

        var lost = Writes.Count(w => w.Acknowledged && w.Kind == "favorite" && !rows.ContainsKey((w.UserId, Guid.Parse(w.Key))));
        return (lost, rows.Values.Count(n => n > 1));
    }
}
