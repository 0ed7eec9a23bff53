using System.Net;
using System.Text.Json.Nodes;
using Homelette.Client;
using Homelette.Domain.Users;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class CreateConversationTests(WebApiFactory factory) : ChatTestBase(factory)
{
    private static JsonObject Body(IEnumerable<Guid> participants, string? title = null, Guid? listingId = null)
    {
        var body = new JsonObject { ["participants"] = new JsonArray([.. participants.Select(id => JsonValue.Create(id.ToString()))]) };
        if (title is not null)
        {
            body["title"] = title;
        }

        if (listingId is not null)
        {
            body["listing_id"] = listingId.Value.ToString();
        }

        return body;
    }

    private static async Task<(HttpStatusCode Status, ConversationDto Conversation)> CreateAsync(
        SignedInUser caller, IEnumerable<Guid> participants, string? title = null, Guid? listingId = null)
    {
        using var response = await PostJsonAsync(caller, ConversationsPath, Body(participants, title, listingId));
        var status = response.StatusCode;
        status.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        return (status, await ReadAsync<ConversationDto>(response, status));
    }

    [Fact]
    public async Task ShouldAnswer201WithBothParticipants_WhenStartingADirectConversation()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");

        using var response = await PostJsonAsync(ann, ConversationsPath, Body([bob.Id]));

        var conversation = await ReadAsync<ConversationDto>(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/chat/conversations/{conversation.Id}");
        conversation.Kind.ShouldBe(ConversationKind.Direct);
        conversation.Title.ShouldBeNull();
        conversation.Participants.Select(p => p.Id).ShouldBe([ann.Id, bob.Id], ignoreOrder: true);
        conversation.Last_message.ShouldBeNull();
        conversation.Unread_count.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldShowParticipantsAsPublicProfiles_WhenAConversationIsReturned()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");

        using var response = await PostJsonAsync(ann, ConversationsPath, Body([bob.Id]));

        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotContain("bob@example.edu");
        text.ShouldNotContain("password", Case.Insensitive);
    }

    [Fact]
    public async Task ShouldAnswer200WithTheSameConversation_WhenTheSameUserStartsItAgain()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var (_, first) = await CreateAsync(ann, [bob.Id]);

        var (status, again) = await CreateAsync(ann, [bob.Id]);

        status.ShouldBe(HttpStatusCode.OK);
        again.Id.ShouldBe(first.Id);
        (await ConversationRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldAnswer200WithTheSameConversation_WhenTheOtherUserStartsIt()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var (_, first) = await CreateAsync(ann, [bob.Id]);

        var (status, fromBob) = await CreateAsync(bob, [ann.Id]);

        status.ShouldBe(HttpStatusCode.OK);
        fromBob.Id.ShouldBe(first.Id);
    }

    [Fact]
    public async Task ShouldReturnTheSameDirectConversation_WhenTheCallerListsThemselvesTooInEitherOrder()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var (_, first) = await CreateAsync(ann, [bob.Id]);

        var (meFirstStatus, meFirst) = await CreateAsync(ann, [ann.Id, bob.Id]);
        var (meLastStatus, meLast) = await CreateAsync(bob, [ann.Id, bob.Id]);

        meFirstStatus.ShouldBe(HttpStatusCode.OK);
        meLastStatus.ShouldBe(HttpStatusCode.OK);
        meFirst.Id.ShouldBe(first.Id);
        meLast.Id.ShouldBe(first.Id);
        meFirst.Kind.ShouldBe(ConversationKind.Direct);
    }

    [Fact]
    public async Task ShouldStartAnotherConversation_WhenTheDirectConversationIsAboutAListing()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var listing = await CreateListingAsync(ann);
        var (_, plain) = await CreateAsync(bob, [ann.Id]);

        var (status, aboutListing) = await CreateAsync(bob, [ann.Id], listingId: listing.Id);

        status.ShouldBe(HttpStatusCode.Created);
        aboutListing.Id.ShouldNotBe(plain.Id);
        aboutListing.Kind.ShouldBe(ConversationKind.Direct);
        aboutListing.Listing!.Id.ShouldBe(listing.Id);
        plain.Listing.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldAnswer200WithTheListingConversation_WhenTheOwnerStartsItBack()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var listing = await CreateListingAsync(ann);
        var (_, fromBob) = await CreateAsync(bob, [ann.Id], listingId: listing.Id);

        var (status, fromAnn) = await CreateAsync(ann, [bob.Id], listingId: listing.Id);

        status.ShouldBe(HttpStatusCode.OK);
        fromAnn.Id.ShouldBe(fromBob.Id);
    }

    [Fact]
    public async Task ShouldStartOneConversation_WhenBothUsersStartItAtOnce()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            i % 2 == 0 ? PostJsonAsync(ann, ConversationsPath, Body([bob.Id])) : PostJsonAsync(bob, ConversationsPath, Body([ann.Id]))));

        var conversations = new List<ConversationDto>();
        foreach (var response in responses)
        {
            using (response)
            {
                conversations.Add(await ReadAsync<ConversationDto>(response, response.StatusCode == HttpStatusCode.Created ? HttpStatusCode.Created : HttpStatusCode.OK));
            }
        }

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        conversations.Select(c => c.Id).Distinct().Count().ShouldBe(1);
        (await ConversationRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldAnswer201WithEveryone_WhenStartingAGroupWithATitle()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var carol = await UserAsync("Carol");

        var (status, group) = await CreateAsync(ann, [bob.Id, carol.Id], title: "Del Playa flatmates");

        status.ShouldBe(HttpStatusCode.Created);
        group.Kind.ShouldBe(ConversationKind.Group);
        group.Title.ShouldBe("Del Playa flatmates");
        group.Participants.Select(p => p.Id).ShouldBe([ann.Id, bob.Id, carol.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldStartASecondGroup_WhenTheSamePeopleStartAnotherGroup()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var carol = await UserAsync("Carol");
        var (_, first) = await CreateAsync(ann, [bob.Id, carol.Id], title: "Flat");

        var (status, second) = await CreateAsync(ann, [bob.Id, carol.Id], title: "Flat");

        status.ShouldBe(HttpStatusCode.Created);
        second.Id.ShouldNotBe(first.Id);
    }

    [Fact]
    public async Task ShouldAnswer400NamingTitle_WhenTwoOthersAndNoTitle()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var carol = await UserAsync("Carol");

        using var response = await PostJsonAsync(ann, ConversationsPath, Body([bob.Id, carol.Id]));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["title"]);
        (await ConversationRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer404AndStartNothing_WhenAParticipantIsUnknown()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");

        using var response = await PostJsonAsync(ann, ConversationsPath, Body([bob.Id, Guid.CreateVersion7()], title: "Flat"));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.NotFound);
        (await ConversationRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheOnlyOtherUserIsUnknown()
    {
        var ann = await UserAsync("Ann");

        using var response = await PostJsonAsync(ann, ConversationsPath, Body([Guid.CreateVersion7()]));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ShouldAnswer400NamingParticipants_WhenTheOnlyParticipantIsYourself()
    {
        var ann = await UserAsync("Ann");

        using var response = await PostJsonAsync(ann, ConversationsPath, Body([ann.Id]));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["participants"]);
        (await ConversationRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingParticipants_WhenNoOneIsNamed()
    {
        var ann = await UserAsync("Ann");

        using var response = await PostJsonAsync(ann, ConversationsPath, Body([], title: "Alone"));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldContain("participants");
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheListingIsUnknown()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");

        using var response = await PostJsonAsync(ann, ConversationsPath, Body([bob.Id], listingId: Guid.CreateVersion7()));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.NotFound);
        (await ConversationRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingParticipants_WhenMoreThan50AreNamed()
    {
        var ann = await UserAsync("Ann");

        using var response = await PostJsonAsync(ann, ConversationsPath,
            Body(Enumerable.Range(0, 51).Select(_ => Guid.CreateVersion7()), title: "Too many"));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["participants"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingParticipants_When50OthersAndTheCallerMake51()
    {
        var ann = await UserAsync("Ann");
        var others = await AddUsersAsync(50);

        using var response = await PostJsonAsync(ann, ConversationsPath, Body(others, title: "Too many"));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["participants"]);
        (await ConversationRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer201_When49OthersAndTheCallerMake50()
    {
        var ann = await UserAsync("Ann");
        var others = await AddUsersAsync(49);

        var (status, group) = await CreateAsync(ann, others, title: "Whole house");

        status.ShouldBe(HttpStatusCode.Created);
        group.Participants.Count.ShouldBe(50);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymous()
    {
        var ann = await UserAsync("Ann");

        using var response = await Factory.CreateClient().PostAsync(ConversationsPath, Listings.ListingTestData.Json(Body([ann.Id])));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>Users straight in the database (they never sign in here, so no password hashing per user).</summary>
    private Task<List<Guid>> AddUsersAsync(int count) =>
        Factory.QueryAsync(async db =>
        {
            var users = Enumerable.Range(0, count).Select(i =>
            {
                var user = User.Register($"member{i}@example.edu", $"Member{i}", "Lee", null, null, null, DateTimeOffset.UtcNow);
                user.SetPasswordHash("not-a-real-hash", DateTimeOffset.UtcNow);
                return user;
            }).ToList();
            db.Users.AddRange(users);
            await db.SaveChangesAsync();
            return users.Select(u => u.Id).ToList();
        });
}
