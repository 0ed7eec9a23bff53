using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class SyncTests(WebApiFactory factory) : ChatTestBase(factory)
{
    private const string SyncPath = "/api/chat/sync";

    /// <summary>
    /// Ann and Bob talk (sent, sent, edited, deleted, read); Carol and Dave talk without them. The kinds of Ann's
    /// changes, in the order they happened.
    /// </summary>
    private async Task<(SignedInUser Ann, Guid ConversationId, Guid CarolAndDave, ChatChangeKind[] Expected, MessageDto Edited, MessageDto Deleted)> ScenarioAsync()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var carol = await UserAsync("Carol");
        var dave = await UserAsync("Dave");
        var conversation = await StartDirectAsync(ann, bob);
        var other = await StartDirectAsync(carol, dave);
        var fromAnn = await SendTextAsync(ann, conversation.Id, "Hello");
        await SendTextAsync(carol, other.Id, "Not for Ann");
        var fromBob = await SendTextAsync(bob, conversation.Id, "Hi, wrong number");
        await ChatOf(ann).EditMessageAsync(fromAnn.Id, new EditMessageInput { Content = "Hello Bob" });
        await ChatOf(bob).DeleteMessageAsync(fromBob.Id);
        await ChatOf(ann).MarkMessageReadAsync(fromBob.Id);
        await ChatOf(dave).MarkMessageReadAsync((await ChatOf(dave).ListMessagesAsync(other.Id)).Items.First().Id);
        ChatChangeKind[] expected =
        [
            ChatChangeKind.ConversationCreated,
            ChatChangeKind.MessageCreated,
            ChatChangeKind.MessageCreated,
            ChatChangeKind.MessageEdited,
            ChatChangeKind.MessageDeleted,
            ChatChangeKind.ReadMoved,
        ];
        return (ann, conversation.Id, other.Id, expected, fromAnn, fromBob);
    }

    private static async Task<List<SyncItem>> SyncAllAsync(SignedInUser user, int limit)
    {
        var items = new List<SyncItem>();
        string? since = null;
        for (var pages = 0; pages < 50; pages++)
        {
            var page = await ChatOf(user).SyncAsync(since, limit);
            page.Items.Count.ShouldBeLessThanOrEqualTo(limit);
            page.Next_cursor.ShouldNotBeNullOrEmpty();
            items.AddRange(page.Items);
            if (!page.Has_more)
            {
                return items;
            }

            since = page.Next_cursor;
        }

        throw new ShouldAssertException("Sync never finished.");
    }

    [Fact]
    public async Task ShouldReturnEveryChangeInSequenceOrder_WhenSyncingFromTheStart()
    {
        var (ann, conversationId, _, expected, _, _) = await ScenarioAsync();

        var page = await ChatOf(ann).SyncAsync();

        page.Items.Select(i => i.Kind).ShouldBe(expected);
        page.Items.Select(i => i.Sequence).ShouldBeInOrder(SortDirection.Ascending);
        page.Items.Select(i => i.Sequence).Distinct().Count().ShouldBe(expected.Length);
        page.Items.ShouldAllBe(i => i.Conversation_id == conversationId);
        page.Next_cursor.ShouldNotBeNullOrEmpty();
        page.Has_more.ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldLeaveOutConversationsTheCallerIsNotIn_WhenSyncing()
    {
        var (ann, _, carolAndDave, _, _, _) = await ScenarioAsync();

        var page = await ChatOf(ann).SyncAsync();

        page.Items.ShouldNotContain(i => i.Conversation_id == carolAndDave);
        page.Items.ShouldNotContain(i => i.Message != null && i.Message.Content == "Not for Ann");
    }

    [Fact]
    public async Task ShouldCarryEachMessageAsItIsNow_WhenItWasEditedOrDeleted()
    {
        var (ann, _, _, _, edited, deleted) = await ScenarioAsync();

        var items = (await ChatOf(ann).SyncAsync()).Items.ToList();

        items.Where(i => i.Message?.Id == edited.Id).ShouldAllBe(i => i.Message!.Content == "Hello Bob" && i.Message.Edited_at != null);
        items.Where(i => i.Message?.Id == deleted.Id).ShouldAllBe(i => i.Message!.Content == null && i.Message.Deleted_at != null);
    }

    [Fact]
    public async Task ShouldNameWhoChangedWhat_WhenSyncing()
    {
        var (ann, _, _, _, edited, deleted) = await ScenarioAsync();

        var items = (await ChatOf(ann).SyncAsync()).Items.ToList();

        items.Single(i => i.Kind == ChatChangeKind.MessageEdited).User_id.ShouldBe(ann.Id);
        items.Single(i => i.Kind == ChatChangeKind.MessageDeleted).User_id.ShouldBe(deleted.Sender_id);
        items.Single(i => i.Kind == ChatChangeKind.ReadMoved).User_id.ShouldBe(ann.Id);
        items.Single(i => i.Kind == ChatChangeKind.ReadMoved).Message!.Id.ShouldBe(deleted.Id);
        edited.Sender_id.ShouldBe(ann.Id);
    }

    [Fact]
    public async Task ShouldGiveTheSameChangesWithoutGapsOrRepeats_WhenPagingWithALimit()
    {
        var (ann, _, _, expected, _, _) = await ScenarioAsync();
        var whole = (await ChatOf(ann).SyncAsync()).Items.Select(i => i.Sequence).ToList();

        var paged = await SyncAllAsync(ann, limit: 2);

        whole.Count.ShouldBe(expected.Length);
        paged.Select(i => i.Sequence).Distinct().ShouldBe(whole);
    }

    [Fact]
    public async Task ShouldGiveOnlyNewerChanges_WhenSyncingAgainWithTheCursorOfSettledChanges()
    {
        var (ann, conversationId, _, _, _, _) = await ScenarioAsync();

        // The cursor passes only changes older than a few seconds (later commits may still fill gaps before them).
        await Factory.QueryAsync(db => db.ChatChanges.ExecuteUpdateAsync(set => set.SetProperty(c => c.CreatedAt, c => c.CreatedAt.AddMinutes(-5))));
        var first = await ChatOf(ann).SyncAsync();
        var later = await SendTextAsync(ann, conversationId, "Still there?");

        var next = await ChatOf(ann).SyncAsync(first.Next_cursor);

        var item = next.Items.ShouldHaveSingleItem();
        item.Kind.ShouldBe(ChatChangeKind.MessageCreated);
        item.Message!.Id.ShouldBe(later.Id);
        item.Sequence.ShouldBeGreaterThan(first.Items.Max(i => i.Sequence));
    }

    [Fact]
    public async Task ShouldGiveACursor_WhenTheCallerHasNothingToSync()
    {
        var ann = await UserAsync("Ann");

        var page = await ChatOf(ann).SyncAsync();

        page.Items.ShouldBeEmpty();
        page.Next_cursor.ShouldNotBeNullOrEmpty();
        page.Has_more.ShouldBeFalse();
        (await ChatOf(ann).SyncAsync(page.Next_cursor)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldAnswer400NamingSince_WhenTheCursorIsTampered()
    {
        var (ann, _, _, _, _, _) = await ScenarioAsync();
        var cursor = (await ChatOf(ann).SyncAsync(limit: 2)).Next_cursor;
        var tampered = (cursor[0] == 'A' ? 'B' : 'A') + cursor[1..];

        using var response = await ann.Http.GetAsync($"{SyncPath}?since={Uri.EscapeDataString(tampered)}");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["since"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingSince_WhenTheCursorIsGarbage()
    {
        var ann = await UserAsync("Ann");

        using var response = await ann.Http.GetAsync($"{SyncPath}?since=not-a-cursor");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["since"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task ShouldAnswer400NamingLimit_WhenTheLimitIsOutOfRange(int limit)
    {
        var ann = await UserAsync("Ann");

        using var response = await ann.Http.GetAsync($"{SyncPath}?limit={limit}");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["limit"]);
    }
}
