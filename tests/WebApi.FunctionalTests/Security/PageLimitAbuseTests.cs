using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelette.Domain.Chat;
using Homelette.Domain.Listings;
using Homelette.Domain.Users;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Security;

/// <summary>
/// A client asking for `limit=100000` on a list or search gets a 400 naming `limit` (ARCHITECTURE.md: limit is at
/// most 100), on every operation of the API document that takes a `limit`, while more than 100 rows are there to
/// be returned: the database is never asked for an unbounded page.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class PageLimitAbuseTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    private const int MaxLimit = 100;
    private const int Rows = MaxLimit + 5;
    private const string SearchWord = "apartment";

    /// <summary>Every operation of src/Client/openapi.json that takes `limit`, as the path it is asked on.</summary>
    private static readonly Dictionary<string, Func<World, string>> Operations = new()
    {
        ["ListConversations"] = _ => "/api/chat/conversations",
        ["ListMessages"] = w => $"/api/chat/conversations/{w.AnnBobConversation}/messages",
        ["GetDirectMessages"] = w => $"/api/chat/messages/direct?user_id={w.Bob.Id}",
        ["Sync"] = _ => "/api/chat/sync",
        ["SearchMessages"] = _ => $"/api/chat/search?q={SearchWord}",
        ["SearchListings"] = _ => "/api/listings",
        ["ListBlockedUsers"] = _ => "/api/users/me/blocks",
        ["ListUserListings"] = w => $"/api/users/{w.Bob.Id}/listings",
        ["ListInterests"] = w => $"/api/users/{w.Ann.Id}/interests",
    };

    public static TheoryData<string> OperationIds() => [.. Operations.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task ShouldCoverEveryOperationWithALimit_WhenTheApiDocumentIsRead()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "src", "Client", "openapi.json")))!;
        var withLimit = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => op.Value!.AsObject()))
            .Where(op => op["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "limit") == true)
            .Select(op => op["operationId"]!.GetValue<string>())
            .Order(StringComparer.Ordinal)
            .ToList();

        withLimit.ShouldBe(Operations.Keys.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public async Task ShouldAnswer400NamingLimit_WhenAHugeLimitIsAskedWhileMoreThan100RowsMatch(string operationId)
    {
        var world = await SeedAsync();
        var path = Operations[operationId](world);

        // More than a page is there: the largest page allowed is full and says there is more.
        using (var full = await world.Ann.Http.GetAsync(WithLimit(path, MaxLimit)))
        {
            var text = await full.Content.ReadAsStringAsync();
            full.StatusCode.ShouldBe(HttpStatusCode.OK, text);
            var page = JsonDocument.Parse(text).RootElement;
            page.GetProperty("items").GetArrayLength().ShouldBe(MaxLimit, $"{operationId} should have more than {MaxLimit} rows to give");
            HasMore(page).ShouldBeTrue($"{operationId} should say there is more than one page");
        }

        using var huge = await world.Ann.Http.GetAsync(WithLimit(path, 100_000));

        var errors = await ProblemAssertions.ShouldBeValidationProblemAsync(huge);
        errors.Keys.ToList().ShouldBe(new List<string> { "limit" }, customMessage: $"{operationId} with limit=100000");
    }

    private static string WithLimit(string path, int limit) =>
        $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}limit={limit}";

    private static bool HasMore(JsonElement page) =>
        page.TryGetProperty("has_more", out var hasMore)
            ? hasMore.GetBoolean()
            : page.GetProperty("next_cursor").ValueKind == JsonValueKind.String;

    /// <summary>
    /// Ann (the caller) and Bob signed in through the API; in the database: Ann's conversations with more than 100
    /// others, more than 100 messages from Ann to Bob (each a sync change, each with the search word), more than 100
    /// listings of Bob's that Ann saved, and more than 100 users Ann blocked.
    /// </summary>
    private async Task<World> SeedAsync()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        var annBob = Conversation.StartDirect(ann.Id, bob.Id, listingId: null, now);

        await Factory.QueryAsync(async db =>
        {
            var contacts = Users("contact", now);
            var blocked = Users("blocked", now);
            db.Users.AddRange(contacts);
            db.Users.AddRange(blocked);
            await db.SaveChangesAsync();

            db.Conversations.Add(annBob);
            db.ChatChanges.Add(ChatChange.Created(annBob));
            for (var i = 0; i < Rows; i++)
            {
                var conversation = Conversation.StartDirect(ann.Id, contacts[i].Id, listingId: null, now.AddSeconds(i));
                db.Conversations.Add(conversation);
                db.ChatChanges.Add(ChatChange.Created(conversation));
                db.UserBlocks.Add(UserBlock.Of(ann.Id, blocked[i].Id, now.AddSeconds(i)));
            }

            await db.SaveChangesAsync();

            for (var i = 0; i < Rows; i++)
            {
                var message = Message.Text(annBob, ann.Id, $"The {SearchWord} is free, number {i}", clientMessageId: null, now.AddSeconds(i));
                db.Messages.Add(message);
                db.ChatChanges.Add(ChatChange.Of(message, ChatChangeKind.MessageCreated, ann.Id, message.CreatedAt));

                var listing = Listing.Create(bob.Id, Details(i), [], now.AddSeconds(i));
                db.Listings.Add(listing);
                var favorite = Favorite.Save(listing, ann.Id, now.AddSeconds(i));
                favorite.ClearDomainEvents();
                db.Favorites.Add(favorite);
            }

            return await db.SaveChangesAsync();
        });

        return new World(ann, bob, annBob.Id);
    }

    private static List<User> Users(string prefix, DateTimeOffset now) =>
        [.. Enumerable.Range(0, Rows).Select(i =>
        {
            var user = User.Register($"{prefix}-{i}@example.edu", prefix, $"No{i}", major: null, graduationYear: null, aboutMe: null, now);
            user.SetPasswordHash("not-a-real-hash", now);
            return user;
        })];

    private static ListingDetails Details(int i) => new(
        $"Room {i} near campus",
        "Seeded to fill more than one page.",
        900m + i,
        new DateOnly(2027, 1, 1),
        new DateOnly(2027, 6, 30),
        1,
        Amenities.None,
        new Address("6500 Del Playa Dr", null, "Isla Vista", "CA", "93117", 34.4133, -119.861),
        new PropertyDetails(PropertyType.Apartment, 2, 1.5m, 800));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Homelette.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Homelette.sln not found above the test output.");
    }

    private sealed record World(SignedInUser Ann, SignedInUser Bob, Guid AnnBobConversation);
}
