using System.Net;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using static Homelette.WebApi.FunctionalTests.Chat.ChatBlocksTestHelpers;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class MessageSearchTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    private static async Task<List<Guid>> SearchIdsAsync(SignedInUser user, string q, Guid? conversationId = null, Guid? withUserId = null) =>
        [.. (await ChatOf(user).SearchMessagesAsync(q, conversationId, withUserId)).Items.Select(m => m.Id)];

    [Fact]
    public async Task ShouldFindTheMessagesContainingEveryWord_WhenSearching()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var both = await SendTextAsync(ann, direct.Id, "Is the deposit due before the lease starts?");
        await SendTextAsync(bob, direct.Id, "The deposit is 500");
        await SendTextAsync(bob, direct.Id, "Sign the lease on Monday");

        (await SearchIdsAsync(ann, "lease deposit")).ShouldBe([both.Id]);
    }

    [Fact]
    public async Task ShouldMatchAnyLetterCaseAndPartsOfWords_WhenSearching()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var message = await SendTextAsync(bob, direct.Id, "The SUBLEASE starts in January");

        (await SearchIdsAsync(ann, "sublease")).ShouldBe([message.Id]);
        (await SearchIdsAsync(ann, "LEASE januar")).ShouldBe([message.Id]);
    }

    [Fact]
    public async Task ShouldFindNothing_WhenOnlySomeWordsAppear()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        await SendTextAsync(bob, direct.Id, "The deposit is 500");

        (await SearchIdsAsync(ann, "deposit parking")).ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldTakePercentLiterally_WhenSearching()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var percent = await SendTextAsync(bob, direct.Id, "I am 100% sure");
        await SendTextAsync(bob, direct.Id, "I am 1000 times sure");

        (await SearchIdsAsync(ann, "100%")).ShouldBe([percent.Id]);
    }

    [Fact]
    public async Task ShouldTakeUnderscoreLiterally_WhenSearching()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var underscore = await SendTextAsync(bob, direct.Id, "The wifi is flat_4b");
        await SendTextAsync(bob, direct.Id, "The wifi is flatx4b");

        (await SearchIdsAsync(ann, "t_4")).ShouldBe([underscore.Id]);
    }

    [Fact]
    public async Task ShouldTakeBackslashLiterally_WhenSearching()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var backslash = await SendTextAsync(bob, direct.Id, @"The share is \\flat\public");
        await SendTextAsync(bob, direct.Id, "The share is flat public");

        (await SearchIdsAsync(ann, @"flat\p")).ShouldBe([backslash.Id]);
    }

    [Fact]
    public async Task ShouldFindWhatYouSentAndWhatYouReceived_WhenSearching()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var sent = await SendTextAsync(ann, direct.Id, "Parking is included?");
        var received = await SendTextAsync(bob, direct.Id, "Yes, parking is included");

        (await SearchIdsAsync(ann, "parking")).ShouldBe([received.Id, sent.Id]);
    }

    [Fact]
    public async Task ShouldNeverFindOthersMessages_WhenTheyContainTheWords()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var dan = await RegisterAndLoginAsync("dan@example.edu", "Dan");
        var theirs = await DirectAsync(carol, dan);
        await SendTextAsync(carol, theirs.Id, "The secret door code is 4321");
        var theirGroup = await GroupAsync(carol, "Carol and friends", dan, bob);
        await SendTextAsync(bob, theirGroup.Id, "The secret door code changed");
        var mine = await DirectAsync(ann, bob);
        var own = await SendTextAsync(bob, mine.Id, "No secret here");

        (await SearchIdsAsync(ann, "secret")).ShouldBe([own.Id]);
    }

    [Fact]
    public async Task ShouldFindNothing_WhenYouTakePartInNoConversation()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var theirs = await DirectAsync(bob, carol);
        await SendTextAsync(bob, theirs.Id, "Rent is 900");

        var page = await ChatOf(ann).SearchMessagesAsync("rent");

        page.Items.ShouldBeEmpty();
        page.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldNeverFindADeletedMessage_WhenItContainedTheWords()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var deleted = await SendTextAsync(bob, direct.Id, "My phone number is 555-0100");
        var kept = await SendTextAsync(bob, direct.Id, "Call my phone after six");

        await ChatOf(bob).DeleteMessageAsync(deleted.Id);

        (await SearchIdsAsync(ann, "phone")).ShouldBe([kept.Id]);
    }

    [Fact]
    public async Task ShouldFindTheNewWordsOnly_WhenAMessageWasEdited()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var message = await SendTextAsync(bob, direct.Id, "Viewing on Tuesday");

        await ChatOf(bob).EditMessageAsync(message.Id, new EditMessageInput { Content = "Viewing on Thursday" });

        (await SearchIdsAsync(ann, "tuesday")).ShouldBeEmpty();
        (await SearchIdsAsync(ann, "thursday")).ShouldBe([message.Id]);
    }

    [Fact]
    public async Task ShouldFindALocationByItsLabel_WhenSearching()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var pin = await ChatOf(bob).SendMessageAsync(direct.Id, new SendMessageInput
        {
            Kind = MessageKind.Location,
            Latitude = 34.4133,
            Longitude = -119.8610,
            Location_label = "Storke Tower",
        });

        (await SearchIdsAsync(ann, "storke")).ShouldBe([pin.Id]);
    }

    [Fact]
    public async Task ShouldReturnWholeMessages_WhenSearching()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var sent = await SendTextAsync(bob, direct.Id, "The balcony faces the ocean");

        var found = (await ChatOf(ann).SearchMessagesAsync("balcony")).Items.ShouldHaveSingleItem();

        found.Id.ShouldBe(sent.Id);
        found.Conversation_id.ShouldBe(direct.Id);
        found.Sender_id.ShouldBe(bob.Id);
        found.Kind.ShouldBe(MessageKind.Text);
        found.Content.ShouldBe("The balcony faces the ocean");
        found.Created_at.ShouldBe(sent.Created_at);
    }

    [Fact]
    public async Task ShouldListNewestFirstAcrossConversations_WhenSearching()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var withBob = await DirectAsync(ann, bob);
        var withCarol = await DirectAsync(ann, carol);
        var first = await SendTextAsync(bob, withBob.Id, "keys 1");
        var second = await SendTextAsync(carol, withCarol.Id, "keys 2");
        var third = await SendTextAsync(ann, withBob.Id, "keys 3");

        (await SearchIdsAsync(ann, "keys")).ShouldBe([third.Id, second.Id, first.Id]);
    }

    [Fact]
    public async Task ShouldVisitEveryMatchOnceNewestFirst_WhenWalkingResultsOneAtATime()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var matches = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            matches.Insert(0, (await SendTextAsync(i % 2 == 0 ? ann : bob, direct.Id, $"rent note {i}")).Id);
            await SendTextAsync(bob, direct.Id, $"unrelated {i}");
        }

        var walked = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await ChatOf(ann).SearchMessagesAsync("rent", limit: 1, cursor: cursor);
            page.Items.Count.ShouldBeLessThanOrEqualTo(1);
            walked.AddRange(page.Items.Select(m => m.Id));
            cursor = page.Next_cursor;
        }
        while (cursor is not null && walked.Count < 10);

        walked.ShouldBe(matches);
    }

    [Fact]
    public async Task ShouldGiveNoNextCursor_WhenTheResultsFitOnePage()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        await SendTextAsync(bob, direct.Id, "rent a");
        await SendTextAsync(bob, direct.Id, "rent b");

        var page = await ChatOf(ann).SearchMessagesAsync("rent", limit: 2);

        page.Items.Count.ShouldBe(2);
        page.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldKeepToOneConversation_WhenConversationIdIsGiven()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var withBob = await DirectAsync(ann, bob);
        var withCarol = await DirectAsync(ann, carol);
        var inBob = await SendTextAsync(bob, withBob.Id, "Laundry is downstairs");
        await SendTextAsync(carol, withCarol.Id, "Laundry is in the unit");

        (await SearchIdsAsync(ann, "laundry", conversationId: withBob.Id)).ShouldBe([inBob.Id]);
    }

    [Fact]
    public async Task ShouldAnswer403_WhenSearchingAConversationYouAreNotIn()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var theirs = await DirectAsync(bob, carol);
        await SendTextAsync(bob, theirs.Id, "Laundry is downstairs");

        await ShouldFailAsync(() => ChatOf(ann).SearchMessagesAsync("laundry", conversationId: theirs.Id), 403);
    }

    [Fact]
    public async Task ShouldAnswer403WithoutMessages_WhenSearchingAConversationYouAreNotIn()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var theirs = await DirectAsync(bob, carol);
        await SendTextAsync(bob, theirs.Id, "Laundry is downstairs");

        using var response = await ann.Http.GetAsync($"/api/chat/search?q=laundry&conversation_id={theirs.Id}");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("downstairs");
    }

    [Fact]
    public async Task ShouldAnswer404_WhenSearchingAConversationThatDoesNotExist()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        await ShouldFailAsync(() => ChatOf(ann).SearchMessagesAsync("laundry", conversationId: Guid.CreateVersion7()), 404);
    }

    [Fact]
    public async Task ShouldKeepToYourDirectConversationsWithThatUser_WhenWithUserIdIsGiven()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var listing = await CreateListingAsync(carol);
        var withBob = await DirectAsync(ann, bob);
        var withBobAboutListing = await DirectAsync(bob, ann, listing.Id);
        var withCarol = await DirectAsync(ann, carol);
        var group = await GroupAsync(ann, "House hunt", bob, carol);
        var plain = await SendTextAsync(bob, withBob.Id, "viewing at noon");
        var aboutListing = await SendTextAsync(ann, withBobAboutListing.Id, "viewing this one too?");
        await SendTextAsync(carol, withCarol.Id, "viewing at three");
        await SendTextAsync(bob, group.Id, "viewing together?");

        (await SearchIdsAsync(ann, "viewing", withUserId: bob.Id)).ShouldBe([aboutListing.Id, plain.Id]);
    }

    [Fact]
    public async Task ShouldFindNothing_WhenWithUserIdIsYourself()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        await SendTextAsync(ann, direct.Id, "viewing at noon");

        (await SearchIdsAsync(ann, "viewing", withUserId: ann.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldFindNothing_WhenWithUserIdIsSomeoneYouNeverWroteTo()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var direct = await DirectAsync(ann, bob);
        await SendTextAsync(ann, direct.Id, "viewing at noon");
        var theirs = await DirectAsync(bob, carol);
        await SendTextAsync(carol, theirs.Id, "viewing at one");

        (await SearchIdsAsync(ann, "viewing", withUserId: carol.Id)).ShouldBeEmpty();
        (await SearchIdsAsync(ann, "viewing", withUserId: Guid.CreateVersion7())).ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldFindNothing_WhenTheConversationIsNotADirectOneWithThatUser()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var withCarol = await DirectAsync(ann, carol);
        await SendTextAsync(carol, withCarol.Id, "viewing at three");

        (await SearchIdsAsync(ann, "viewing", conversationId: withCarol.Id, withUserId: bob.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldStillFindYourHistory_WhenYouBlockedTheOtherUser()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(ann, bob);
        var message = await SendTextAsync(bob, direct.Id, "Deposit by Friday or else");
        await ann.Users.BlockUserAsync(bob.Id);

        (await SearchIdsAsync(ann, "deposit", withUserId: bob.Id)).ShouldBe([message.Id]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task ShouldAnswer400NamingQ_WhenTheSearchTextIsMissingOrBlank(string? q)
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var ex = await ShouldFailAsync(() => ChatOf(ann).SearchMessagesAsync(q), 400);

        ErrorFields(ex).ShouldBe(["q"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingQ_WhenTheSearchTextIsLongerThan200()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var ex = await ShouldFailAsync(() => ChatOf(ann).SearchMessagesAsync(new string('q', 201)), 400);

        ErrorFields(ex).ShouldBe(["q"]);
    }

    [Fact]
    public async Task ShouldSearch_WhenTheSearchTextIs200Characters()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        (await ChatOf(ann).SearchMessagesAsync(new string('q', 200))).Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task ShouldAnswer400NamingLimit_WhenTheLimitIsOutOfRange(int limit)
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var ex = await ShouldFailAsync(() => ChatOf(ann).SearchMessagesAsync("rent", limit: limit), 400);

        ErrorFields(ex).ShouldBe(["limit"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingCursor_WhenTheCursorIsForged()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var ex = await ShouldFailAsync(() => ChatOf(ann).SearchMessagesAsync("rent", cursor: "eyJmb28iOjF9.AAAAAAAAAAAAAAAAAAAAAA"), 400);

        ErrorFields(ex).ShouldBe(["cursor"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingConversationId_WhenItIsNotAUuid()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        using var response = await ann.Http.GetAsync("/api/chat/search?q=rent&conversation_id=abc");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["conversation_id"]);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymousSearches() =>
        await ShouldFailAsync(() => new ChatClient(Factory.CreateClient()).SearchMessagesAsync("rent"), 401);
}
