using System.Net;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Homelette.WebApi.FunctionalTests.Chat.ChatBlocksTestHelpers;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class BlockTests(WebApiFactory factory) : WebApiTestBase(factory)
{
    private static string BlockPath(Guid userId) => $"/api/users/me/blocks/{userId}";

    private Task<int> BlockRowsAsync() => Factory.QueryAsync(db => db.UserBlocks.CountAsync());

    private Task<int> ConversationRowsAsync() => Factory.QueryAsync(db => db.Conversations.CountAsync());

    private Task<int> MessageRowsAsync() => Factory.QueryAsync(db => db.Messages.CountAsync());

    [Fact]
    public async Task ShouldAnswer201AndStoreTheBlock_WhenBlockingAUserTheFirstTime()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        using var response = await ann.Http.PostAsync(BlockPath(bob.Id), content: null);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var stored = await Factory.QueryAsync(db => db.UserBlocks.AsNoTracking().SingleAsync());
        stored.BlockerId.ShouldBe(ann.Id);
        stored.BlockedId.ShouldBe(bob.Id);
    }

    [Fact]
    public async Task ShouldReturnTheBlockedUsersPublicProfile_WhenBlockingThroughTheClient()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        var blocked = await ann.Users.BlockUserAsync(bob.Id);

        blocked.Id.ShouldBe(bob.Id);
        blocked.First_name.ShouldBe("Bob");
        blocked.Email.ShouldBeNull();
        blocked.Show_online_status.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldAnswer200AndKeepOneBlock_WhenBlockingAnAlreadyBlockedUser()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ann.Users.BlockUserAsync(bob.Id);

        using var response = await ann.Http.PostAsync(BlockPath(bob.Id), content: null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await BlockRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldBlockOnceAndAnswer201Once_WhenTheSameUserIsBlockedFourTimesAtOnce()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ann.Http.PostAsync(BlockPath(bob.Id), content: null)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(3);
        (await BlockRowsAsync()).ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ShouldKeepBothBlocks_WhenTwoUsersBlockEachOther()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        await ann.Users.BlockUserAsync(bob.Id);
        await bob.Users.BlockUserAsync(ann.Id);

        (await BlockRowsAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task ShouldAnswer404AndStoreNothing_WhenBlockingAnUnknownUser()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        await ShouldFailAsync(() => ann.Users.BlockUserAsync(Guid.CreateVersion7()), 404);

        (await BlockRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingUserIdAndStoreNothing_WhenBlockingYourself()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var ex = await ShouldFailAsync(() => ann.Users.BlockUserAsync(ann.Id), 400);

        ErrorFields(ex).ShouldBe(["user_id"]);
        (await BlockRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheBlockedUserIdIsNotAUuid()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        using var response = await ann.Http.PostAsync("/api/users/me/blocks/not-a-uuid", content: null);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await BlockRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer204AndForgetTheBlock_WhenUnblocking()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ann.Users.BlockUserAsync(bob.Id);

        using var response = await ann.Http.DeleteAsync(BlockPath(bob.Id));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await BlockRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenUnblockingAUserYouHaveNotBlocked()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        await ShouldFailAsync(() => ann.Users.UnblockUserAsync(bob.Id), 404);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenUnblockingTwice()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ann.Users.BlockUserAsync(bob.Id);
        await ann.Users.UnblockUserAsync(bob.Id);

        await ShouldFailAsync(() => ann.Users.UnblockUserAsync(bob.Id), 404);
    }

    [Fact]
    public async Task ShouldAnswer404AndKeepTheBlock_WhenTheBlockedUserTriesToLiftIt()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ann.Users.BlockUserAsync(bob.Id);

        await ShouldFailAsync(() => bob.Users.UnblockUserAsync(ann.Id), 404);

        var stored = await Factory.QueryAsync(db => db.UserBlocks.AsNoTracking().SingleAsync());
        stored.BlockerId.ShouldBe(ann.Id);
        stored.BlockedId.ShouldBe(bob.Id);
    }

    [Fact]
    public async Task ShouldListBlockedUsersNewestFirstAsPublicProfiles_WhenReadingYourBlocks()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        await ann.Users.BlockUserAsync(bob.Id);
        await ann.Users.BlockUserAsync(carol.Id);

        var page = await ann.Users.ListBlockedUsersAsync();

        page.Items.Select(u => u.Id).ShouldBe([carol.Id, bob.Id]);
        page.Items.ShouldAllBe(u => u.Email == null && u.Show_online_status == null);
        page.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldListOnlyYourOwnBlocks_WhenOthersBlockToo()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        await ann.Users.BlockUserAsync(bob.Id);
        await carol.Users.BlockUserAsync(ann.Id);
        await bob.Users.BlockUserAsync(carol.Id);

        var page = await ann.Users.ListBlockedUsersAsync();

        page.Items.Select(u => u.Id).ShouldBe([bob.Id]);
    }

    [Fact]
    public async Task ShouldListNobody_WhenYouBlockedNobody()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var page = await ann.Users.ListBlockedUsersAsync();

        page.Items.ShouldBeEmpty();
        page.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldDropAUserFromTheList_WhenTheyAreUnblocked()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        await ann.Users.BlockUserAsync(bob.Id);
        await ann.Users.BlockUserAsync(carol.Id);

        await ann.Users.UnblockUserAsync(bob.Id);

        (await ann.Users.ListBlockedUsersAsync()).Items.Select(u => u.Id).ShouldBe([carol.Id]);
    }

    [Fact]
    public async Task ShouldVisitEveryBlockedUserOnce_WhenWalkingBlocksOneAtATime()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var blocked = new List<Guid>();
        foreach (var name in new[] { "Bob", "Carol", "Dan", "Eve" })
        {
            var user = await RegisterAndLoginAsync($"{name.ToLowerInvariant()}@example.edu", name);
            await ann.Users.BlockUserAsync(user.Id);
            blocked.Insert(0, user.Id);
        }

        var walked = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await ann.Users.ListBlockedUsersAsync(limit: 1, cursor: cursor);
            page.Items.Count.ShouldBeLessThanOrEqualTo(1);
            walked.AddRange(page.Items.Select(u => u.Id));
            cursor = page.Next_cursor;
        }
        while (cursor is not null && walked.Count < 10);

        walked.ShouldBe(blocked);
    }

    [Fact]
    public async Task ShouldKeepTheIdRoutes_WhenTheBlockRoutesLiveUnderMe()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ann.Users.BlockUserAsync(bob.Id);

        (await ann.Users.GetCurrentUserAsync()).Id.ShouldBe(ann.Id);
        (await ann.Users.GetUserAsync(bob.Id)).Id.ShouldBe(bob.Id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task ShouldAnswer400NamingLimit_WhenTheBlocksLimitIsOutOfRange(int limit)
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var ex = await ShouldFailAsync(() => ann.Users.ListBlockedUsersAsync(limit: limit), 400);

        ErrorFields(ex).ShouldBe(["limit"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingCursor_WhenTheBlocksCursorIsForged()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");

        var ex = await ShouldFailAsync(() => ann.Users.ListBlockedUsersAsync(cursor: "eyJmb28iOjF9.AAAAAAAAAAAAAAAAAAAAAA"), 400);

        ErrorFields(ex).ShouldBe(["cursor"]);
    }

    [Fact]
    public async Task ShouldAnswer401AndStoreNothing_WhenAnonymousBlocks()
    {
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        using var response = await Factory.CreateClient().PostAsync(BlockPath(bob.Id), content: null);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await BlockRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymousReadsBlocks() =>
        await ShouldFailAsync(() => new UsersClient(Factory.CreateClient()).ListBlockedUsersAsync(), 401);

    [Fact]
    public async Task ShouldAnswer401AndKeepTheBlock_WhenAnonymousUnblocks()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ann.Users.BlockUserAsync(bob.Id);

        using var response = await Factory.CreateClient().DeleteAsync(BlockPath(bob.Id));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await BlockRowsAsync()).ShouldBe(1);
    }

    // What a block does to the chat, through REST, in both directions.

    [Fact]
    public async Task ShouldForbidAndStartNothing_WhenTheBlockedUserStartsADirectConversationWithTheBlocker()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ann.Users.BlockUserAsync(bob.Id);

        await ShouldFailAsync(() => DirectAsync(bob, ann), 403);

        (await ConversationRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldForbidAndStartNothing_WhenTheBlockerStartsADirectConversationWithTheBlockedUser()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ann.Users.BlockUserAsync(bob.Id);

        await ShouldFailAsync(() => DirectAsync(ann, bob), 403);

        (await ConversationRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldForbidAndStartNothing_WhenTheBlockedUserStartsADirectConversationAboutTheBlockersListing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(ann);
        await ann.Users.BlockUserAsync(bob.Id);

        await ShouldFailAsync(() => DirectAsync(bob, ann, listing.Id), 403);

        (await ConversationRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldForbid_WhenTheBlockedUserAsksForTheirExistingDirectConversationAgain()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await DirectAsync(bob, ann);
        await ann.Users.BlockUserAsync(bob.Id);

        await ShouldFailAsync(() => DirectAsync(bob, ann), 403);
        await ShouldFailAsync(() => DirectAsync(ann, bob), 403);

        (await ConversationRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldForbidAndStoreNothing_WhenTheBlockedUserSendsIntoTheirDirectConversation()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(bob, ann);
        await SendTextAsync(bob, direct.Id, "Is the room still free?");
        await ann.Users.BlockUserAsync(bob.Id);

        await ShouldFailAsync(() => SendTextAsync(bob, direct.Id, "Hello?"), 403);

        (await MessageRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldAnswerARetryWithTheStoredMessage_WhenTheSenderWasBlockedAfterSendingIt()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(bob, ann);
        var stored = await SendTextAsync(bob, direct.Id, "Is the room still free?", "bob-1");
        await ann.Users.BlockUserAsync(bob.Id);

        var retried = await SendTextAsync(bob, direct.Id, "Is the room still free?", "bob-1");

        retried.Id.ShouldBe(stored.Id);
        await ShouldFailAsync(() => SendTextAsync(bob, direct.Id, "Hello?", "bob-2"), 403);
        (await MessageRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldForbidAndStoreNothing_WhenTheBlockerSendsIntoTheirDirectConversation()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(bob, ann);
        await SendTextAsync(bob, direct.Id, "Is the room still free?");
        await ann.Users.BlockUserAsync(bob.Id);

        await ShouldFailAsync(() => SendTextAsync(ann, direct.Id, "Go away."), 403);

        (await MessageRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldLeaveTheLastActivityAlone_WhenABlockedSendIsRefused()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var direct = await DirectAsync(bob, ann);
        await SendTextAsync(bob, direct.Id, "Is the room still free?");
        var before = await Factory.QueryAsync(db => db.Conversations.AsNoTracking().Select(c => c.LastActivityAt).SingleAsync());
        await ann.Users.BlockUserAsync(bob.Id);

        await ShouldFailAsync(() => SendTextAsync(bob, direct.Id, "Hello?"), 403);

        (await Factory.QueryAsync(db => db.Conversations.AsNoTracking().Select(c => c.LastActivityAt).SingleAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task ShouldLetBothWriteAgain_WhenTheBlockIsLifted()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ann.Users.BlockUserAsync(bob.Id);
        await ShouldFailAsync(() => DirectAsync(bob, ann), 403);

        await ann.Users.UnblockUserAsync(bob.Id);
        var direct = await DirectAsync(bob, ann);
        await SendTextAsync(bob, direct.Id, "Hi again");
        await SendTextAsync(ann, direct.Id, "Hi Bob");

        (await MessageRowsAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task ShouldStillForbid_WhenOnlyOneOfTwoMutualBlocksIsLifted()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await ann.Users.BlockUserAsync(bob.Id);
        await bob.Users.BlockUserAsync(ann.Id);

        await ann.Users.UnblockUserAsync(bob.Id);

        await ShouldFailAsync(() => DirectAsync(ann, bob), 403);
        (await ConversationRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldLetOthersWrite_WhenSomeoneElseIsBlocked()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        await ann.Users.BlockUserAsync(bob.Id);

        var direct = await DirectAsync(carol, ann);
        await SendTextAsync(carol, direct.Id, "Hi Ann");

        (await MessageRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldStillDeliverInAGroup_WhenTwoOfItsMembersBlockedEachOther()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var group = await GroupAsync(carol, "Flat 4B", ann, bob);
        await ann.Users.BlockUserAsync(bob.Id);

        await SendTextAsync(bob, group.Id, "Rent is due Friday");

        (await MessageRowsAsync()).ShouldBe(1);
    }
}
