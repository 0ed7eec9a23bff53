using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Homelette.Testing;
using Homelette.WebApi.FunctionalTests.Chat;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Homelette.WebApi.FunctionalTests.Security.Fuzzing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Homelette.WebApi.FunctionalTests.Security;

/// <summary>
/// A fuzzer driven by the OpenAPI document (src/Client/openapi.json): for every operation, valid requests made from
/// its schemas and pointed at real objects (users, listings with photos, conversations, messages, cursors), then
/// thousands of mutations of them: wrong types, nulls, missing and unknown fields, huge strings, unicode (NUL, RTL,
/// lone surrogates), extreme numbers, bad enums, dates and ids, bad cursors (random, truncated, altered, another
/// endpoint's), malformed JSON, wrong media types, broken multipart, bad path ids, and bad or missing tokens.
/// Bad input must be a 4xx: no answer of 500 or more, and no error in the host's logs.
/// </summary>
/// <remarks>
/// The seed is printed; <c>FUZZ_SEED=123 make test TEST_ARGS="--filter OpenApiFuzzTests"</c> replays a run.
/// <c>FUZZ_REQUESTS_PER_OPERATION</c> raises the number of requests per operation (150 by default).
/// </remarks>
[Trait("Category", "Chaos")]
public sealed class OpenApiFuzzTests(WebApiFactory factory, ITestOutputHelper output) : ChatTestBase(factory)
{
    private const int DefaultSeed = 20261127;
    private const int DefaultPerOperation = 150;
    private const int Parallelism = 4;

    [Fact]
    public async Task ShouldAnswerEveryGeneratedAndMutatedRequestBelow500_AndLogNoError()
    {
        var seed = Setting("FUZZ_SEED", DefaultSeed);
        var perOperation = Setting("FUZZ_REQUESTS_PER_OPERATION", DefaultPerOperation);
        output.WriteLine($"Fuzz seed: {seed} (FUZZ_SEED={seed} replays this run); at least {perOperation} requests per operation.");

        var logs = new CapturedLogs();
        await using var api = new WebApiVariant(Factory, builder =>
        {
            // Sign-ins queue for the password-check limit instead of being turned away with 503 (PasswordCheckLimit).
            builder.UseSetting("Auth:PasswordChecksQueued", "10000");
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        });
        var world = await BuildWorldAsync();
        var operations = OpenApiModel.Load(Path.Combine(RepositoryRoot(), "src", "Client", "openapi.json"));
        operations.Count.ShouldBeGreaterThanOrEqualTo(38);

        var generator = new RequestGenerator(world, new Random(seed));
        var requests = operations.ToDictionary(o => o, o => generator.Generate(o, perOperation));
        var shuffle = new Random(seed);

        // Deletions last, so that the other operations find the objects they point at; listings after their photos.
        var client = api.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        output.WriteLine($"Sending to {client.BaseAddress} with {Parallelism} requests at a time.");
        var results = new ConcurrentBag<FuzzResult>();
        var watch = Stopwatch.StartNew();
        var phases = new[]
        {
            requests.Where(r => r.Key.Method != "DELETE"),
            requests.Where(r => r.Key.Method == "DELETE" && r.Key.Id != "DeleteListing"),
            requests.Where(r => r.Key.Id == "DeleteListing"),
        };
        foreach (var phase in phases)
        {
            var batch = phase.SelectMany(r => r.Value).OrderBy(_ => shuffle.Next()).ToList();
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, cancellationToken) =>
                results.Add(await SendAsync(client, request, cancellationToken)));
        }

        watch.Stop();
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Report(operations, [.. results], watch.Elapsed, logs);

        results.Count.ShouldBeGreaterThanOrEqualTo(5000);
        var serverErrors = results.Where(r => r.Status >= 500).Take(25).Select(Describe).ToList();
        serverErrors.ShouldBeEmpty("every bad input must be a 4xx");
        // Kestrel refuses a few requests before the app sees them (a NUL in the path: 400, a URL over 8 KB: 414), with
        // an empty body; every answer of the app itself is problem details.
        var notProblems = results
            .Where(r => r.Status is >= 400 and < 500 && r.ContentType is not null && r.ContentType != "application/problem+json")
            .Take(25).Select(Describe).ToList();
        notProblems.ShouldBeEmpty("every 4xx of the app must be problem details");
        var unanswered = results.Where(r => r.Status == 0).Take(25).Select(Describe).ToList();
        unanswered.ShouldBeEmpty("every request must get an answer");
        var errorLogs = logs.Entries
            .Where(e => e.Level >= LogLevel.Error || (e.Exception is not null && e.Category.Contains("ExceptionHandler", StringComparison.Ordinal)))
            .Take(25).Select(e => e.ToString()).ToList();
        errorLogs.ShouldBeEmpty("no unhandled exception may reach the logs");

        // The fuzzer's own checks: its valid requests work, so its mutations start from the real code paths.
        var neverSucceeded = operations.Where(o => !results.Any(r => r.Request.Operation == o.Id && r.Status is >= 200 and < 300)).ToList();
        neverSucceeded.ShouldBeEmpty("every operation's valid requests must succeed at least once");
        var turnedAway = results.Count(r => r.Status is 401 or 429 or 503);
        (turnedAway * 4).ShouldBeLessThan(results.Count, "most requests must get past authentication and the rate limits to the handlers");
    }

    private static async Task<FuzzResult> SendAsync(HttpClient client, FuzzRequest request, CancellationToken cancellationToken)
    {
        using var message = request.ToMessage();
        try
        {
            using var response = await client.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            return new FuzzResult(request, status, response.Content.Headers.ContentType?.MediaType, status >= 500 ? body : null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return new FuzzResult(request, 0, null, ex.ToString());
        }
    }

    private static string Describe(FuzzResult result) =>
        $"{result.Status}: {result.Request.Operation} {result.Request.Describe()}{Environment.NewLine}    -> {Shorten(result.Detail)}";

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 1500 ? text : text[..1500] + "...";

    private void Report(IReadOnlyList<FuzzOperation> operations, List<FuzzResult> results, TimeSpan elapsed, CapturedLogs logs)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{results.Count} requests in {elapsed.TotalSeconds:F1} s ({results.Count / elapsed.TotalSeconds:F0}/s).");
        text.AppendLine("By status: " + string.Join(", ", results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        text.AppendLine("By caller: " + string.Join(", ", results.GroupBy(r => r.Request.Caller).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}: {g.Count()} ({string.Join(" ", g.GroupBy(r => r.Status).OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Count()}"))})")));
        text.AppendLine("By operation:");
        foreach (var operation in operations)
        {
            var mine = results.Where(r => r.Request.Operation == operation.Id).ToList();
            var statuses = string.Join(" ", mine.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}x{g.Count()}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"  {operation.Id,-22} {operation.Method,-6} {operation.Path,-44} {mine.Count,5}  {statuses}");
        }

        var notProblems = results.Where(r => r.Status is >= 400 and < 500 && r.ContentType != "application/problem+json")
            .GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}").ToList();
        text.AppendLine("4xx answers that are not problem details: " + (notProblems.Count == 0 ? "none" : string.Join(", ", notProblems)));
        foreach (var sample in results.Where(r => r.Status is >= 400 and < 500 && r.ContentType != "application/problem+json")
            .GroupBy(r => r.Status).SelectMany(g => g.Take(4)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  e.g. {sample.Status} ({sample.ContentType ?? "no body"}): {sample.Request.Operation} [{sample.Request.Mutation}]");
        }

        foreach (var unanswered in results.Where(r => r.Status == 0).Take(10))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"No answer: {unanswered.Request.Operation} [{unanswered.Request.Mutation}]: {Shorten(unanswered.Detail)[..Math.Min(300, unanswered.Detail?.Length ?? 0)]}");
        }

        foreach (var error in logs.Entries.Where(e => e.Level >= LogLevel.Error).GroupBy(e => e.Exception?.Split('\n')[0] ?? e.Message).Take(10))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Logged error ({error.Count()} x): {error.Key}");
        }
        var entries = logs.Entries;
        var levels = string.Join(", ", entries.GroupBy(e => e.Level).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        text.AppendLine(CultureInfo.InvariantCulture, $"Log entries: {entries.Count}; by level: {levels}");
        foreach (var warning in entries.Where(e => e.Level >= LogLevel.Warning).GroupBy(e => $"{e.Level} {e.Category}: {Shorten(e.Message)[..Math.Min(160, e.Message.Length)]}").Take(20))
        {
            var paths = string.Join(", ", warning.SelectMany(e => e.Scopes).Where(s => s.StartsWith("RequestPath=", StringComparison.Ordinal)).Distinct().Take(3));
            text.AppendLine(CultureInfo.InvariantCulture, $"  {warning.Count()} x {warning.Key} ({paths})");
        }

        output.WriteLine(text.ToString());
    }

    /// <summary>
    /// Users with real objects, made through the API: the owner's listings with photos, a listing of the participant,
    /// a direct conversation about a listing and a group, messages from both sides, favorites, a block, and the
    /// cursors of every paged list.
    /// </summary>
    private async Task<FuzzWorld> BuildWorldAsync()
    {
        var owner = await UserAsync("Owner");
        var participant = await UserAsync("Participant");
        var outsider = await UserAsync("Outsider");
        var blockTarget = await UserAsync("Blocked");
        var signIn = await UserAsync("SignIn");

        var listings = new List<WorldListing>();
        for (var i = 0; i < 3; i++)
        {
            var listing = await CreateListingAsync(owner, l => l.Listing!.Title = $"Sunny room {i} near the beach");
            var photos = new List<Guid>();
            for (var j = 0; j < 2; j++)
            {
                photos.Add((await AddPhotoAsync(owner, listing.Id)).Image_id);
            }

            listings.Add(new WorldListing(listing.Id, Caller.Owner, photos));
        }

        var theirs = await CreateListingAsync(participant, l => l.Listing!.Title = "Room on Sabado Tarde");
        listings.Add(new WorldListing(theirs.Id, Caller.Participant, [(await AddPhotoAsync(participant, theirs.Id)).Image_id]));
        var uploaded = await UploadAsync(owner);

        var direct = await StartDirectAsync(owner, participant, listings[0].Id);
        var group = await StartGroupAsync(owner, "Del Playa house", participant, outsider);
        var messages = new List<WorldMessage>();
        foreach (var (sender, caller, conversation, count) in new[]
        {
            (owner, Caller.Owner, direct.Id, 4), (participant, Caller.Participant, direct.Id, 3),
            (owner, Caller.Owner, group.Id, 2), (outsider, Caller.Outsider, group.Id, 2),
        })
        {
            for (var i = 0; i < count; i++)
            {
                var sent = await SendTextAsync(sender, conversation, $"hello fuzz world {i}");
                messages.Add(new WorldMessage(sent.Id, conversation, caller));
            }
        }

        foreach (var (user, listing) in new[] { (participant, listings[0]), (participant, listings[1]), (owner, listings[3]), (outsider, listings[0]) })
        {
            (await user.Http.PostAsync($"/api/users/{user.Id}/interests/{listing.Id}", null)).EnsureSuccessStatusCode();
        }

        (await outsider.Http.PostAsync($"/api/users/me/blocks/{blockTarget.Id}", null)).EnsureSuccessStatusCode();
        (await outsider.Http.PostAsync($"/api/users/me/blocks/{signIn.Id}", null)).EnsureSuccessStatusCode();

        var cursors = new Dictionary<string, IReadOnlyList<string>>();
        async Task CursorAsync(string operation, SignedInUser user, string url)
        {
            var page = JsonDocument.Parse(await user.Http.GetStringAsync(url)).RootElement;
            var cursor = page.GetProperty("next_cursor").GetString().ShouldNotBeNull($"{url} gave no cursor");
            cursors[operation] = [cursor];
        }

        await CursorAsync("SearchListings", owner, "/api/listings?limit=1");
        await CursorAsync("ListConversations", owner, "/api/chat/conversations?limit=1");
        await CursorAsync("Sync", owner, "/api/chat/sync?limit=1");
        await CursorAsync("SearchMessages", owner, "/api/chat/search?q=hello&limit=1");
        await CursorAsync("ListUserListings", owner, $"/api/users/{owner.Id}/listings?limit=1");
        await CursorAsync("ListInterests", participant, $"/api/users/{participant.Id}/interests?limit=1");
        await CursorAsync("ListBlockedUsers", outsider, "/api/users/me/blocks?limit=1");

        var ghost = Guid.CreateVersion7();
        return new FuzzWorld
        {
            UserIds = new Dictionary<Caller, Guid>
            {
                [Caller.Owner] = owner.Id,
                [Caller.Participant] = participant.Id,
                [Caller.Outsider] = outsider.Id,
                [Caller.Ghost] = ghost,
            },
            Tokens = new Dictionary<Caller, string>
            {
                [Caller.Owner] = owner.Token,
                [Caller.Participant] = participant.Token,
                [Caller.Outsider] = outsider.Token,
                [Caller.Ghost] = TestTokens.Create(ghost),
            },
            BadAuthorizations =
            [
                $"Bearer {TestTokens.Expired(owner.Id)}",
                $"Bearer {TestTokens.AlgNone(owner.Id)}",
                $"Bearer {TestTokens.Tampered(signedFor: participant.Id, claimed: owner.Id)}",
                $"Bearer {TestTokens.Create(owner.Id, key: "another-key-that-is-long-enough-0123456789")}",
                "Bearer not.a.token",
                "Bearer ",
                "Bearer",
                $"Bearer {new string('a', 10_000)}",
                $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("owner@example.edu:" + Password))}",
                $"bearer {owner.Token}x",
                $"Bearer {owner.Token} {owner.Token}",
            ],
            BlockTargetId = blockTarget.Id,
            LoginEmail = "signin@example.edu",
            Password = Password,
            Listings = listings,
            Conversations = [direct.Id, group.Id],
            Messages = messages,
            UploadedImageUrl = uploaded,
            Cursors = cursors,
        };
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Homelette.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Homelette.sln not found above the test output.");
    }
}
