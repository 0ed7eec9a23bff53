using System.Globalization;

namespace Homelette.Chaos;

/// <summary>What the faults' clients do alike: pair up, connect, and retry a write until it is acknowledged.</summary>
internal static class Clients
{
    /// <summary>How long a client keeps retrying one write before it gives up (it then counts as unacknowledged).</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

    /// <summary>A direct conversation for users 0 and 1, 2 and 3, ...; element k is the pair k's.</summary>
    public static async Task<Guid[]> PairUpAsync(ApiClient api, IReadOnlyList<TestUser> users)
    {
        var conversations = new Guid[users.Count / 2];
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Count / 2), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (k, _) =>
        {
            var outcome = await api.SendAsync(HttpMethod.Post, "/api/chat/conversations", users[2 * k].Token, new { participants = new[] { users[(2 * k) + 1].Id } });
            conversations[k] = outcome.Ok ? outcome.Body!["id"]!.GetValue<Guid>() : throw new InvalidOperationException($"could not start a conversation: {outcome}");
        });
        return conversations;
    }

    public static async Task<ChatClient[]> ConnectAsync(Uri host, IEnumerable<TestUser> users)
    {
        var list = users.ToList();
        var clients = new ChatClient[list.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            clients[i] = await ChatClient.ConnectAsync(host, list[i], token));
        return clients;
    }

    public static async Task DisposeAllAsync(IEnumerable<ChatClient> clients) =>
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await c.DisposeAsync());

    /// <summary>The ids of the stored messages of each conversation, read from MariaDB.</summary>
    public static async Task<Dictionary<Guid, HashSet<Guid>>> MessagesByConversationAsync(string connectionString, Guid[] conversations)
    {
        var result = conversations.ToDictionary(c => c, _ => new HashSet<Guid>());
        await using var connection = new MySqlConnector.MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlConnector.MySqlCommand("SELECT ConversationId, Id FROM messages", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (result.TryGetValue(reader.GetGuid(0), out var ids))
            {
                ids.Add(reader.GetGuid(1));
            }
        }

        return result;
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, the same request each time (the same client id), a quarter
    /// second apart or as Retry-After says. A refusal that a retry cannot change (a 4xx other than 408 and 429) ends it.
    /// </summary>
    public static async Task UntilAcknowledgedAsync(Write write, Func<Task<(Attempt Attempt, Guid? MessageId)>> attempt)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(attempt);
        var giveUp = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            var (result, messageId) = await attempt();
            write.Attempts.Add(result);
            if (result.Error is null)
            {
                write.Acknowledged = true;
                write.StoredMessageId = messageId;
                return;
            }

            if (IsFinal(result.Error) || DateTime.UtcNow > giveUp)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static bool IsFinal(string error) =>
        int.TryParse(error, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 400 and < 500 and not 408 and not 429;
}
