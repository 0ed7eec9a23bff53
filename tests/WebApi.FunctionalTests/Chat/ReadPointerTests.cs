using System.Net;
using System.Text.Json.Nodes;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class ReadPointerTests(WebApiFactory factory) : ChatTestBase(factory)
{
    /// <summary>Bob wrote three messages to Ann, who has read none.</summary>
    private async Task<(SignedInUser Ann, SignedInUser Bob, Guid ConversationId, List<MessageDto> Sent)> ThreeUnreadAsync()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        return (ann, bob, conversation.Id, await SendTextsAsync(bob, conversation.Id, 3));
    }

    private Task<Guid?> StoredPointerAsync(Guid conversationId, Guid userId) =>
        Factory.QueryAsync(db => db.ConversationParticipants.AsNoTracking()
            .Where(p => p.ConversationId == conversationId && p.UserId == userId)
            .Select(p => p.LastReadMessageId)
            .SingleAsync());

    private static Task<MessagesReadDto> ReadUpToAsync(SignedInUser reader, Guid conversationId, Guid messageId) =>
        ChatOf(reader).MarkConversationReadAsync(conversationId, new MarkConversationReadInput { Up_to_message_id = messageId });

    [Fact]
    public async Task ShouldMoveThePointerAndDropUnread_WhenAMessageIsMarkedRead()
    {
        var (ann, _, conversationId, sent) = await ThreeUnreadAsync();

        var receipt = await ChatOf(ann).MarkMessageReadAsync(sent[1].Id);

        receipt.Conversation_id.ShouldBe(conversationId);
        receipt.User_id.ShouldBe(ann.Id);
        receipt.Up_to_message_id.ShouldBe(sent[1].Id);
        var conversation = await ConversationOfAsync(ann, conversationId);
        conversation.Last_read_message_id.ShouldBe(sent[1].Id);
        conversation.Unread_count.ShouldBe(1);
    }

    [Fact]
    public async Task ShouldKeepTheNewerPointer_WhenAnOlderMessageIsMarkedReadAfterwards()
    {
        var (ann, _, conversationId, sent) = await ThreeUnreadAsync();
        await ChatOf(ann).MarkMessageReadAsync(sent[2].Id);

        var receipt = await ChatOf(ann).MarkMessageReadAsync(sent[0].Id);

        receipt.Up_to_message_id.ShouldBe(sent[2].Id);
        (await StoredPointerAsync(conversationId, ann.Id)).ShouldBe(sent[2].Id);
        (await ConversationOfAsync(ann, conversationId)).Unread_count.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldMoveThePointer_WhenPostingUpToAMessageOfTheConversation()
    {
        var (ann, _, conversationId, sent) = await ThreeUnreadAsync();

        var receipt = await ReadUpToAsync(ann, conversationId, sent[2].Id);

        receipt.Up_to_message_id.ShouldBe(sent[2].Id);
        (await StoredPointerAsync(conversationId, ann.Id)).ShouldBe(sent[2].Id);
        (await ConversationOfAsync(ann, conversationId)).Unread_count.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldKeepTheNewerPointer_WhenPostingUpToAnOlderMessage()
    {
        var (ann, _, conversationId, sent) = await ThreeUnreadAsync();
        await ReadUpToAsync(ann, conversationId, sent[1].Id);

        var receipt = await ReadUpToAsync(ann, conversationId, sent[0].Id);

        receipt.Up_to_message_id.ShouldBe(sent[1].Id);
        (await ConversationOfAsync(ann, conversationId)).Unread_count.ShouldBe(1);
    }

    [Fact]
    public async Task ShouldLeaveTheOtherParticipantsPointerAlone_WhenOneReads()
    {
        var (ann, bob, conversationId, sent) = await ThreeUnreadAsync();

        await ChatOf(ann).MarkMessageReadAsync(sent[2].Id);

        (await StoredPointerAsync(conversationId, bob.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task ShouldEndAtTheNewestMessage_WhenManyReadsArriveAtOnce()
    {
        var (ann, bob, conversationId, sent) = await ThreeUnreadAsync();
        var more = await SendTextsAsync(bob, conversationId, 7);
        var all = sent.Concat(more).ToList();

        await Task.WhenAll(all.AsEnumerable().Reverse().Select(m => ChatOf(ann).MarkMessageReadAsync(m.Id)));

        (await StoredPointerAsync(conversationId, ann.Id)).ShouldBe(all[^1].Id);
        (await ConversationOfAsync(ann, conversationId)).Unread_count.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer403AndMoveNothing_WhenANonParticipantMarksAMessageRead()
    {
        var (_, _, conversationId, sent) = await ThreeUnreadAsync();
        var eve = await UserAsync("Eve");

        using var response = await eve.Http.PutAsync($"/api/chat/messages/{sent[0].Id}/read", content: null);

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
        (await Factory.QueryAsync(db => db.ConversationParticipants.CountAsync(p => p.LastReadMessageId != null))).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer403_WhenANonParticipantPostsARead()
    {
        var (_, _, conversationId, sent) = await ThreeUnreadAsync();
        var eve = await UserAsync("Eve");

        using var response = await PostJsonAsync(eve, $"{ConversationsPath}/{conversationId}/read",
            new JsonObject { ["up_to_message_id"] = sent[0].Id.ToString() });

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ShouldAnswer400AndMoveNothing_WhenThePostedMessageBelongsToAnotherConversation()
    {
        var (ann, _, conversationId, _) = await ThreeUnreadAsync();
        var carol = await UserAsync("Carol");
        var elsewhere = await StartDirectAsync(ann, carol);
        var foreign = await SendTextAsync(carol, elsewhere.Id, "Hi Ann");

        using var response = await PostJsonAsync(ann, $"{ConversationsPath}/{conversationId}/read",
            new JsonObject { ["up_to_message_id"] = foreign.Id.ToString() });

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).ShouldContainKey("up_to_message_id");
        (await StoredPointerAsync(conversationId, ann.Id)).ShouldBeNull();
        (await StoredPointerAsync(elsewhere.Id, ann.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task ShouldAnswer400NamingUpToMessageId_WhenThePostedIdIsMissing()
    {
        var (ann, _, conversationId, _) = await ThreeUnreadAsync();

        using var response = await PostJsonAsync(ann, $"{ConversationsPath}/{conversationId}/read", new JsonObject());

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).ShouldContainKey("up_to_message_id");
        (await StoredPointerAsync(conversationId, ann.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task ShouldAnswer403_WhenAStrangerPostsAMessageOfAnotherConversation()
    {
        var (_, _, conversationId, _) = await ThreeUnreadAsync();
        var eve = await UserAsync("Eve");
        var carol = await UserAsync("Carol");
        var evesOwn = await StartDirectAsync(eve, carol);
        var evesMessage = await SendTextAsync(eve, evesOwn.Id, "Mine");

        using var response = await PostJsonAsync(eve, $"{ConversationsPath}/{conversationId}/read",
            new JsonObject { ["up_to_message_id"] = evesMessage.Id.ToString() });

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheMessageDoesNotExist()
    {
        var ann = await UserAsync("Ann");

        await ShouldFailAsync(() => ChatOf(ann).MarkMessageReadAsync(Guid.CreateVersion7()), 404);
    }
}
