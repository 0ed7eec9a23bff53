using System.Net;
using System.Security.Cryptography;
using Homelette.Client;
using Homelette.Testing;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Homelette.WebApi.FunctionalTests.Listings;
using Xunit.Abstractions;

namespace Homelette.WebApi.FunctionalTests.Security;

/// <summary>
/// The authorization matrix, generated from the OpenAPI document: every operation that takes an id in its path (or
/// names an object by id in its query) is called by a stranger against another user's objects, with a body made
/// from its request schema. Each must answer 403 or 404, reveal none of the owner's private data, and change no row
/// of the database and no uploaded file. A new endpoint joins the matrix without an edit here; the few operations
/// that are public or act on the caller's own data are allowed by name below, each with its reason, and still may
/// change only what their entry says.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class AuthorizationMatrixTests(WebApiFactory factory, ITestOutputHelper output) : ListingTestBase(factory)
{
    /// <summary>The operations a stranger may call on another user's objects, by operationId.</summary>
    private static readonly Dictionary<string, Allowance> AllowList = new(StringComparer.Ordinal)
    {
        ["GetListing"] = new(
            "A listing's page is public (anonymous callers too); archived ones are 404 to all but the owner.",
            [HttpStatusCode.OK],
            // A signed-in viewer other than the owner is counted once per 24 h: the owner's listing row gains one
            // view and the viewer gets a row of their own in listing_views. Nothing else of the owner's may change.
            Tolerance.CounterUpByOne("listings", "ViewCount"),
            Tolerance.CallersRows("listing_views", "ViewerId")),
        ["GetUser"] = new("A profile is public without its email and show_online_status.", [HttpStatusCode.OK]),
        ["ListUserListings"] = new("A user's active listings are public (anonymous callers too); the rest stay the owner's.", [HttpStatusCode.OK]),
        ["SearchListings"] = new("Search is public; owner_id narrows it to that user's active listings.", [HttpStatusCode.OK]),
        ["GetDirectMessages"] = new("user_id names the other side of the caller's own direct conversation (none here: empty).", [HttpStatusCode.OK]),
        ["BlockUser"] = new(
            "The block list is the caller's own: anyone may block anyone.",
            [HttpStatusCode.Created],
            Tolerance.CallersRows("user_blocks", "BlockerId")),
        ["UnblockUser"] = new(
            "The block list is the caller's own.",
            [HttpStatusCode.NoContent, HttpStatusCode.NotFound],
            Tolerance.CallersRows("user_blocks", "BlockerId")),
    };

    [Fact]
    public async Task ShouldRefuseAStranger_EveryOperationOnAnotherUsersObjects_AndChangeNothing()
    {
        var api = OpenApiRequests.Load();
        var matrix = Matrix(api);
        var people = await PeopleAsync();
        var world = await WorldOfAsync(people.Owner, people.Partner);
        var failures = new List<string>();
        var report = new List<string>();

        // The refused ones first: a block by the stranger (allowed) must not be what refuses the rest.
        foreach (var operation in matrix.OrderBy(o => AllowList.ContainsKey(o.OperationId)))
        {
            var allowance = AllowList.GetValueOrDefault(operation.OperationId);
            var before = await StateAsync();
            using var request = api.Build(operation, world.Targets);
            using var response = await people.Stranger.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var after = await StateAsync();
            report.Add($"{(int)response.StatusCode} {operation}{(allowance is null ? string.Empty : "  [allowed: " + allowance.Reason + "]")}");

            var expected = allowance?.Statuses ?? [HttpStatusCode.Forbidden, HttpStatusCode.NotFound];
            if (!expected.Contains(response.StatusCode))
            {
                failures.Add($"{operation}: the stranger got {(int)response.StatusCode}, expected {string.Join(" or ", expected.Select(s => (int)s))}: {Shorten(body)}");
            }

            var answer = $"{response.Headers}{response.Content.Headers}{body}";
            failures.AddRange(world.Secrets.Where(secret => answer.Contains(secret, StringComparison.OrdinalIgnoreCase))
                .Select(secret => $"{operation}: the answer to the stranger reveals the owner's private '{secret}'"));

            var caller = people.Stranger.Id;
            failures.AddRange(after.Database.ChangesSince(before.Database)
                .Where(change => allowance?.Tolerances.Any(t => t.Permits(change, caller)) != true)
                .Select(change => $"{operation}: table {change}"));
            failures.AddRange(FileChanges(before.Files, after.Files).Select(change => $"{operation}: uploaded file {change}"));
        }

        output.WriteLine($"{matrix.Count} operations ({matrix.Count(o => o.PathParameters.Count > 0)} with an id in the path):");
        output.WriteLine(string.Join(Environment.NewLine, report));
        report.Count.ShouldBe(matrix.Count, "every operation of the matrix was called");
        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task ShouldAcceptTheSameRequestsFromTheOwner_SoThatOnlyWhoAsksMadeTheStrangerFail()
    {
        var api = OpenApiRequests.Load();
        var refused = Matrix(api).Where(o => !AllowList.ContainsKey(o.OperationId)).ToList();
        refused.ShouldNotBeEmpty();
        var people = await PeopleAsync();
        var failures = new List<string>();

        foreach (var operation in refused)
        {
            // Objects of their own for each call: some calls delete them.
            var world = await WorldOfAsync(people.Owner, people.Partner);
            var before = await StateAsync();
            using var request = api.Build(operation, world.Targets);
            using var response = await people.Owner.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var after = await StateAsync();
            if (!response.IsSuccessStatusCode)
            {
                failures.Add($"{operation}: the owner got {(int)response.StatusCode}, so the request, not the caller, may be what fails: {Shorten(body)}");
                continue;
            }

            // A change that the owner's own request does not make would prove nothing by staying unmade for the stranger.
            var changed = after.Database.ChangesSince(before.Database).Count > 0 || FileChanges(before.Files, after.Files).Any();
            var changeExpected = operation.Method != "GET" && !(operation.IsIdempotentCreate && response.StatusCode == HttpStatusCode.OK);
            if (changeExpected && !changed)
            {
                failures.Add($"{operation}: the owner's request changed nothing, so the stranger's could not show a change either");
            }
        }

        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// Every operation that takes an id, checked against the allow-list: an entry must name an operation that
    /// exists, and there must be operations at all (an unreadable document must not pass as an empty matrix).
    /// </summary>
    private static List<ApiOperation> Matrix(OpenApiRequests api)
    {
        var matrix = api.Operations.Where(o => o.TakesIds).ToList();
        matrix.Count(o => o.PathParameters.Count > 0).ShouldBeGreaterThan(0, "operations with an id in the path");
        AllowList.Keys.Except(matrix.Select(o => o.OperationId)).ShouldBeEmpty("allowed operations that are not in the matrix (renamed or removed?)");
        matrix.Select(o => o.OperationId).ShouldBeUnique();
        return matrix;
    }

    private async Task<People> PeopleAsync() => new(
        await RegisterAndLoginAsync("ann.owner@example.edu", "Ann"),
        await RegisterAndLoginAsync("carol.partner@example.edu", "Carol"),
        await RegisterAndLoginAsync("mallory.stranger@example.edu", "Mallory"));

    /// <summary>
    /// The owner's objects, one of each kind: a listing with two photos (one uploaded first, one added), an archived
    /// listing, an upload not yet in a listing, a saved listing, a direct conversation with the partner holding a
    /// message from each, and a group with the partner. What only the owner (and partner) may see are the secrets.
    /// </summary>
    private static async Task<World> WorldOfAsync(SignedInUser owner, SignedInUser partner)
    {
        var token = Guid.NewGuid().ToString("N");
        var listings = ListingsOf(owner);
        var chat = new ChatClient(owner.Http);

        var firstPhoto = await UploadAsync(owner);
        var listing = await CreateListingAsync(owner, c => c.Listing!.Image_urls = [firstPhoto]);
        var secondPhoto = await AddPhotoAsync(owner, listing.Id);
        var archivedTitle = $"Archived hideaway {token}";
        var archived = await CreateListingAsync(owner, c => c.Listing!.Title = archivedTitle);
        await listings.SetListingStatusAsync(archived.Id, new ListingStatusInput { Status = ListingStatus.Archived });
        var draft = await UploadAsync(owner);
        await owner.Users.AddInterestAsync(owner.Id, listing.Id);

        var conversation = await chat.CreateConversationAsync(new CreateConversationCommand { Participants = [partner.Id] });
        var partnerText = $"The gate code is 4711, {token}";
        await new ChatClient(partner.Http).SendMessageAsync(conversation.Id, new SendMessageInput { Kind = MessageKind.Text, Content = partnerText });
        var ownerText = $"Thanks, see you at 6 {token}";
        var ownerMessage = await chat.SendMessageAsync(conversation.Id, new SendMessageInput { Kind = MessageKind.Text, Content = ownerText });
        var groupTitle = $"Private house group {token}";
        await chat.CreateConversationAsync(new CreateConversationCommand { Participants = [partner.Id], Title = groupTitle });

        return new World(
            new TargetIds(owner.Id, listing.Id, [listing.Images.Single().Image_id, secondPhoto.Image_id], conversation.Id, ownerMessage.Id, token),
            ["ann.owner@example.edu", "carol.partner@example.edu", archivedTitle, draft, partnerText, ownerText, groupTitle]);
    }

    private async Task<State> StateAsync() => new(await DatabaseSnapshot.TakeAsync(Factory.Database.ConnectionString), Files());

    /// <summary>Every uploaded file and a hash of its content.</summary>
    private Dictionary<string, string> Files() =>
        Directory.EnumerateFiles(Factory.UploadFolder, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(Factory.UploadFolder, path), path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));

    private static IEnumerable<string> FileChanges(Dictionary<string, string> before, Dictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Where(file => before.GetValueOrDefault(file) != after.GetValueOrDefault(file))
            .Select(file => $"{file} {(!after.ContainsKey(file) ? "deleted" : !before.ContainsKey(file) ? "added" : "changed")}");

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private sealed record People(SignedInUser Owner, SignedInUser Partner, SignedInUser Stranger);

    private sealed record World(TargetIds Targets, IReadOnlyList<string> Secrets);

    private sealed record State(DatabaseSnapshot Database, Dictionary<string, string> Files);

    /// <param name="Reason">Why a stranger may call it.</param>
    /// <param name="Statuses">What the stranger must get.</param>
    /// <param name="Tolerances">The only changes the call may make.</param>
    private sealed record Allowance(string Reason, HttpStatusCode[] Statuses, params Tolerance[] Tolerances);

    /// <summary>A change an allowed operation may make.</summary>
    private sealed record Tolerance(string Description, Func<RowChange, Guid, bool> Permits)
    {
        /// <summary>Rows of that table that belong to the caller (the column names them) may come or go.</summary>
        public static Tolerance CallersRows(string table, string column) => new(
            $"{table} rows whose {column} is the caller",
            (change, caller) => change.Table == table && (change.Added || change.Removed) && change.Names(column, caller));

        /// <summary>That column, and nothing else of the row, may go up by one.</summary>
        public static Tolerance CounterUpByOne(string table, string column) => new(
            $"{table}.{column} + 1",
            (change, _) => change.Table == table && change.Columns.SequenceEqual([column])
                && long.Parse(change.After![column]!, System.Globalization.CultureInfo.InvariantCulture)
                    == long.Parse(change.Before![column]!, System.Globalization.CultureInfo.InvariantCulture) + 1);
    }
}
