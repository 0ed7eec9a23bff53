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
    /// A writing client: a message (over the hub when it has one, else over REST, with a client id) and a favorite in
    /// turn, each retried until acknowledged, <paramref name="pause"/> (±50%) apart, until <paramref name="stop"/>.
    /// </summary>
    public static async Task WriteLoopAsync(
        int index, TestUser user, TestUser partner, Guid conversation, ChatClient? hub, ApiClient api,
        IReadOnlyList<Guid> listings, string prefix, Ledger ledger, TimeSpan pause, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(listings);
        ArgumentNullException.ThrowIfNull(ledger);
        var random = new Random(index);
        await Task.Delay(TimeSpan.FromMilliseconds(random.Next((int)pause.TotalMilliseconds)), CancellationToken.None);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            Write write;
            if (n % 2 == 0)
            {
                var clientId = string.Create(CultureInfo.InvariantCulture, $"{prefix}{index}-{n}");
                write = new Write(hub is null ? "message (REST)" : "message (hub)", user.Id, clientId);
                await UntilAcknowledgedAsync(write, async () =>
                {
                    if (hub is null)
                    {
                        var outcome = await api.SendAsync(HttpMethod.Post, $"/api/chat/conversations/{conversation}/messages", user.Token,
                            new { content = $"chaos {clientId}", client_message_id = clientId });
                        return (Attempt.From(outcome), outcome.Ok ? outcome.Body!["id"]!.GetValue<Guid>() : null);
                    }

                    var sent = await hub.SendPrivateAsync(partner.Id, clientId, TimeSpan.FromSeconds(30));
                    return (Attempt.From(sent), sent.MessageId);
                });
            }
            else
            {
                var listing = listings[(index * 7 + n / 2) % listings.Count];
                write = new Write("favorite", user.Id, listing.ToString());
                await UntilAcknowledgedAsync(write, async () =>
                {
                    var outcome = await api.SendAsync(HttpMethod.Post, $"/api/users/{user.Id}/interests/{listing}", user.Token);
                    return (Attempt.From(outcome), null);
                });
            }

            ledger.Writes.Add(write);
            await Task.Delay(pause * (0.5 + random.NextDouble()), CancellationToken.None);
        }
    }

    /// <summary>
    /// A hub client messaging its partner: one <c>private_message</c> after another, each with a client id of its own
    /// and retried until acknowledged, <paramref name="pause"/> (±30%) apart, until <paramref name="stop"/>.
    /// </summary>
    public static async Task HubSendLoopAsync(int index, ChatClient hub, TestUser partner, string prefix, Ledger ledger, TimeSpan pause, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(ledger);
        var random = new Random(index);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next((int)pause.TotalMilliseconds)), stop);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var clientId = string.Create(CultureInfo.InvariantCulture, $"{prefix}{index}-{n}");
                var write = new Write("message (hub)", hub.User.Id, clientId);
                await UntilAcknowledgedAsync(write, async () =>
                {
                    var sent = await hub.SendPrivateAsync(partner.Id, clientId, TimeSpan.FromSeconds(30));
                    return (Attempt.From(sent), sent.MessageId);
                });
                ledger.Writes.Add(write);
                await Task.Delay(pause * (0.7 + (0.6 * random.NextDouble())), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Each user (pair k: users 2k and 2k + 1) catches up through GET /api/chat/sync; how many stored messages of its
    /// conversation it then still lacks, counting what its socket received live, and how many syncs failed.
    /// </summary>
    public static async Task<(int Missing, int FailedSyncs)> MissingAfterSyncAsync(
        ApiClient api, IReadOnlyList<TestUser> users, IReadOnlyList<ChatClient> hubs, Guid[] conversations, Dictionary<Guid, HashSet<Guid>> stored)
    {
        ArgumentNullException.ThrowIfNull(api);
        var missing = 0;
        var failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (ok, synced) = await api.SyncAllAsync(users[i].Token);
            if (!ok)
            {
                Interlocked.Increment(ref failed);
            }

            synced.UnionWith(hubs[i].Received.Keys);
            Interlocked.Add(ref missing, stored[conversations[i / 2]].Count(id => !synced.Contains(id)));
        });
        return (missing, failed);
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
