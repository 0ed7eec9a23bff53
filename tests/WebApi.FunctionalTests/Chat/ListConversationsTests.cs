using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class ListConversationsTests(WebApiFactory factory) : ChatTestBase(factory)
{
    private static async Task<ConversationDto> OnlyConversationOfAsync(SignedInUser user) =>
        (await ChatOf(user).ListConversationsAsync()).Items.ShouldHaveSingleItem();

    [Fact]
    public async Task ShouldListOnlyTheCallersConversations_WhenOthersTalkToo()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var carol = await UserAsync("Carol");
        var annAndBob = await StartDirectAsync(ann, bob);
        await StartDirectAsync(bob, carol);
        await StartGroupAsync(bob, "Without Ann", carol, await UserAsync("Dave"));

        var ids = await ConversationIdsAsync(ann);

        ids.ShouldBe([annAndBob.Id]);
    }

    [Fact]
    public async Task ShouldListNewestFirst_WhenNoMessagesWereSent()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var first = await StartGroupAsync(ann, "First", bob);
        var second = await StartGroupAsync(ann, "Second", bob);
        var third = await StartGroupAsync(ann, "Third", bob);

        var ids = await ConversationIdsAsync(ann);

        ids.ShouldBe([third.Id, second.Id, first.Id]);
    }

    [Fact]
    public async Task ShouldMoveAConversationToTheTop_WhenAMessageArrivesInIt()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var first = await StartGroupAsync(ann, "First", bob);
        var second = await StartGroupAsync(ann, "Second", bob);
        var third = await StartGroupAsync(ann, "Third", bob);

        await SendTextAsync(bob, first.Id, "Anyone home?");

        (await ConversationIdsAsync(ann)).ShouldBe([first.Id, third.Id, second.Id]);
        (await ConversationIdsAsync(bob)).ShouldBe([first.Id, third.Id, second.Id]);
    }

    [Fact]
    public async Task ShouldWalkEveryConversationOnceInOrder_WhenPagingWithACursor()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        for (var i = 1; i <= 5; i++)
        {
            await StartGroupAsync(ann, $"Group {i}", bob);
        }

        var all = await ConversationIdsAsync(ann, limit: 100);

        var walked = new List<Guid>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await ChatOf(ann).ListConversationsAsync(limit: 2, cursor: cursor);
            page.Items.Count.ShouldBeLessThanOrEqualTo(2);
            walked.AddRange(page.Items.Select(c => c.Id));
            cursor = page.Next_cursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        all.Count.ShouldBe(5);
        walked.ShouldBe(all);
        pages.ShouldBe(3);
    }

    [Fact]
    public async Task ShouldWalkEveryConversationOnce_WhenSeveralWereActiveAtTheSameMoment()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        for (var i = 1; i <= 5; i++)
        {
            await StartGroupAsync(ann, $"Group {i}", bob);
        }

        var moment = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Factory.QueryAsync(db => db.Conversations.ExecuteUpdateAsync(set => set.SetProperty(c => c.LastActivityAt, moment)));
        var all = await ConversationIdsAsync(ann, limit: 100);

        var walked = new List<Guid>();
        string? cursor = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await ChatOf(ann).ListConversationsAsync(limit: 2, cursor: cursor);
            walked.AddRange(page.Items.Select(c => c.Id));
            cursor = page.Next_cursor;
            if (cursor is null)
            {
                break;
            }
        }

        all.Count.ShouldBe(5);
        walked.ShouldBe(all);
    }

    [Fact]
    public async Task ShouldGiveNoNextCursor_WhenEverythingFitsOnePage()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        await StartGroupAsync(ann, "One", bob);
        await StartGroupAsync(ann, "Two", bob);

        var page = await ChatOf(ann).ListConversationsAsync(limit: 2);

        page.Items.Count.ShouldBe(2);
        page.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldCarryTheLastMessage_WhenMessagesWereSent()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        await SendTextAsync(ann, conversation.Id, "Is the room still free?");
        var last = await SendTextAsync(bob, conversation.Id, "Yes, come by on Friday.");

        var listed = await OnlyConversationOfAsync(ann);

        listed.Last_message!.Id.ShouldBe(last.Id);
        listed.Last_message.Content.ShouldBe("Yes, come by on Friday.");
        listed.Last_message.Sender_id.ShouldBe(bob.Id);
    }

    [Fact]
    public async Task ShouldCountOthersMessagesAsUnread_WhenTheCallerHasNotReadThem()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        await SendTextsAsync(bob, conversation.Id, 3);

        (await OnlyConversationOfAsync(ann)).Unread_count.ShouldBe(3);
        (await OnlyConversationOfAsync(bob)).Unread_count.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldNotCountTheCallersOwnMessages_WhenCountingUnread()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        await SendTextAsync(bob, conversation.Id, "Hi");
        await SendTextsAsync(ann, conversation.Id, 2);

        (await OnlyConversationOfAsync(ann)).Unread_count.ShouldBe(1);
    }

    [Fact]
    public async Task ShouldCountOnlyMessagesAfterTheReadPointer_WhenTheCallerReadSome()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        var sent = await SendTextsAsync(bob, conversation.Id, 3);

        await ChatOf(ann).MarkMessageReadAsync(sent[1].Id);

        var listed = await OnlyConversationOfAsync(ann);
        listed.Unread_count.ShouldBe(1);
        listed.Last_read_message_id.ShouldBe(sent[1].Id);
    }

    [Fact]
    public async Task ShouldNotCountDeletedMessages_WhenCountingUnread()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        var sent = await SendTextsAsync(bob, conversation.Id, 3);

        await ChatOf(bob).DeleteMessageAsync(sent[2].Id);

        (await OnlyConversationOfAsync(ann)).Unread_count.ShouldBe(2);
    }

    [Fact]
    public async Task ShouldCountUnreadPerConversation_WhenTheCallerHasSeveral()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var carol = await UserAsync("Carol");
        var withBob = await StartDirectAsync(ann, bob);
        var withCarol = await StartDirectAsync(ann, carol);
        await SendTextsAsync(bob, withBob.Id, 2);
        await SendTextsAsync(carol, withCarol.Id, 1);

        var unread = (await ChatOf(ann).ListConversationsAsync()).Items.ToDictionary(c => c.Id, c => c.Unread_count);

        unread[withBob.Id].ShouldBe(2);
        unread[withCarol.Id].ShouldBe(1);
    }

    [Fact]
    public async Task ShouldAnswer400NamingCursor_WhenTheCursorIsTampered()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        for (var i = 1; i <= 3; i++)
        {
            await StartGroupAsync(ann, $"Group {i}", bob);
        }

        var cursor = (await ChatOf(ann).ListConversationsAsync(limit: 1)).Next_cursor!;
        var tampered = (cursor[0] == 'A' ? 'B' : 'A') + cursor[1..];

        using var response = await ann.Http.GetAsync($"{ConversationsPath}?limit=1&cursor={Uri.EscapeDataString(tampered)}");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["cursor"]);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    public async Task ShouldAnswer400NamingLimit_WhenTheLimitIsOutOfRange(string query)
    {
        var ann = await UserAsync("Ann");

        using var response = await ann.Http.GetAsync($"{ConversationsPath}?{query}");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["limit"]);
    }

    [Fact]
    public async Task ShouldReturnAnEmptyPage_WhenTheCallerHasNoConversations()
    {
        var ann = await UserAsync("Ann");

        var page = await ChatOf(ann).ListConversationsAsync();

        page.Items.ShouldBeEmpty();
        page.Next_cursor.ShouldBeNull();
    }
}
