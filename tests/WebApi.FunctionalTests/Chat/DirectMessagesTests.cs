using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class DirectMessagesTests(WebApiFactory factory) : ChatTestBase(factory)
{
    [Fact]
    public async Task ShouldReturnThePairsMessagesNewestFirst_WhenTheyWroteInTheirDirectConversation()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var direct = await StartDirectAsync(ann, bob);
        var hello = await SendTextAsync(ann, direct.Id, "Hello");
        var hi = await SendTextAsync(bob, direct.Id, "Hi");

        var fromAnn = await ChatOf(ann).GetDirectMessagesAsync(bob.Id);
        var fromBob = await ChatOf(bob).GetDirectMessagesAsync(ann.Id);

        fromAnn.Items.Select(m => m.Id).ShouldBe([hi.Id, hello.Id]);
        fromBob.Items.Select(m => m.Id).ShouldBe([hi.Id, hello.Id]);
    }

    [Fact]
    public async Task ShouldLeaveOutListingAndGroupConversations_WhenListingDirectMessages()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var listing = await CreateListingAsync(ann);
        var direct = await StartDirectAsync(bob, ann);
        var aboutListing = await StartDirectAsync(bob, ann, listing.Id);
        var group = await StartGroupAsync(bob, "Viewing", ann, await UserAsync("Carol"));
        var plain = await SendTextAsync(bob, direct.Id, "Plain hello");
        await SendTextAsync(bob, aboutListing.Id, "About your room");
        await SendTextAsync(bob, group.Id, "Group hello");

        var page = await ChatOf(ann).GetDirectMessagesAsync(bob.Id);

        page.Items.Select(m => m.Id).ShouldBe([plain.Id]);
    }

    [Fact]
    public async Task ShouldReturnAnEmptyPage_WhenThePairNeverWrote()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");

        var page = await ChatOf(ann).GetDirectMessagesAsync(bob.Id);

        page.Items.ShouldBeEmpty();
        page.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldPageBack_WhenPassingNextCursorAsBefore()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var direct = await StartDirectAsync(ann, bob);
        var sent = await SendTextsAsync(ann, direct.Id, 3);

        var first = await ChatOf(bob).GetDirectMessagesAsync(ann.Id, limit: 2);
        var second = await ChatOf(bob).GetDirectMessagesAsync(ann.Id, before: Guid.Parse(first.Next_cursor!), limit: 2);

        first.Items.Select(m => m.Id).ShouldBe([sent[2].Id, sent[1].Id]);
        second.Items.Select(m => m.Id).ShouldBe([sent[0].Id]);
        second.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldNotStartAConversation_WhenListingDirectMessagesOfAStranger()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");

        await ChatOf(ann).GetDirectMessagesAsync(bob.Id);

        (await ConversationRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingUserId_WhenUserIdIsMissing()
    {
        var ann = await UserAsync("Ann");

        using var response = await ann.Http.GetAsync("/api/chat/messages/direct");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["user_id"]);
    }
}
