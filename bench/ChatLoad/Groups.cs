using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static System.FormattableString;
using static Homelette.Bench.ChatLoad.Output;

namespace Homelette.Bench.ChatLoad;

/// <summary>
/// The conversations of group mode (--group-size G), made through the WebApi before any hub connection opens, so
/// that every member's connection joins its group on connect: group j is peers j*G..j*G+G-1, started by its first
/// member with the G-1 others as participants, a few groups at a time.
/// </summary>
internal static class Groups
{
    private const int Attempts = 3;
    private const int AtATime = 8;

    /// <summary>POST: <c>{participants, title}</c> makes a group with the caller in it; 201 with its ConversationDto.</summary>
    private const string Route = "/api/chat/conversations";

    /// <summary>The conversation ids, by group.</summary>
    public static async Task<Guid[]> CreateAsync(Options options, Peer[] peers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(peers);
        var size = options.GroupSize;
        var ids = new Guid[peers.Length / size];
        var json = Wire.Json();
        using var http = new HttpClient { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(60) };
        var started = Stopwatch.GetTimestamp();
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ids.Length),
            new ParallelOptions { MaxDegreeOfParallelism = AtATime, CancellationToken = cancellationToken },
            async (j, token) =>
            {
                var group = new CreateGroup(
                    [.. peers.Skip((j * size) + 1).Take(size - 1).Select(peer => peer.UserId)],
                    Invariant($"bench group {j}"));
                ids[j] = await CreateAsync(http, json, peers[j * size].Token, group, token);
                if (Interlocked.Increment(ref done) % 250 == 0)
                {
                    Log($"  {done} of {ids.Length} groups created");
                }
            });
        Log($"{ids.Length} groups of {size} created in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return ids;
    }

    /// <summary>One group, as its first member (<paramref name="token"/>); a 5xx or a failed request is tried again.</summary>
    private static async Task<Guid> CreateAsync(HttpClient http, JsonSerializerOptions json, string token, CreateGroup group, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = JsonContent.Create(group, options: json) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
                {
                    var conversation = await response.Content.ReadFromJsonAsync<CreatedConversation>(json, cancellationToken);
                    return conversation is { Id: var id } && id != Guid.Empty
                        ? id
                        : throw new InvalidOperationException($"Creating {group.Title} answered {(int)response.StatusCode} without a conversation id.");
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                failure = $"answered {(int)response.StatusCode}: {body}";
                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"Creating {group.Title} {failure}");
                }
            }
            catch (HttpRequestException ex)
            {
                failure = $"failed: {ex.Message}";
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "timed out";
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"Creating {group.Title} answered an unreadable conversation: {ex.Message}", ex);
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"Creating {group.Title} failed {Attempts} times; the last time it {failure}");
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
        }
    }

    /// <summary>The body of the POST: the other members (the caller is always in it) and a title, which makes it a group.</summary>
    private sealed record CreateGroup(IReadOnlyList<Guid> Participants, string Title);

    /// <summary>The part of the answer (ConversationDto) the bench reads.</summary>
    private sealed record CreatedConversation(Guid Id);
}
