using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class ListMessagesTests(WebApiFactory factory) : ChatTestBase(factory)
{
    /// <summary>Ann and Bob take turns: five messages, oldest first.</summary>
    private async Task<(SignedInUser Ann, SignedInUser Bob, Guid ConversationId, List<MessageDto> Sent)> ConversationWithFiveMessagesAsync()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        var sent = new List<MessageDto>();
        for (var i = 1; i <= 5; i++)
        {
            sent.Add(await SendTextAsync(i % 2 == 1 ? ann : bob, conversation.Id, $"message {i}"));
        }

        return (ann, bob, conversation.Id, sent);
    }

    private static List<Guid> Ids(IEnumerable<MessageDto> messages) => [.. messages.Select(m => m.Id)];

    [Fact]
    public async Task ShouldListNewestFirst_WhenNoCursorIsGiven()
    {
        var (ann, _, conversationId, sent) = await ConversationWithFiveMessagesAsync();

        var page = await ChatOf(ann).ListMessagesAsync(conversationId);

        Ids(page.Items).ShouldBe(Ids(sent.AsEnumerable().Reverse()));
        page.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldPageBackWithoutGapsOrRepeats_WhenPassingNextCursorAsBefore()
    {
        var (ann, _, conversationId, sent) = await ConversationWithFiveMessagesAsync();
        var chat = ChatOf(ann);

        var first = await chat.ListMessagesAsync(conversationId, limit: 2);
        var second = await chat.ListMessagesAsync(conversationId, before: Guid.Parse(first.Next_cursor!), limit: 2);
        var third = await chat.ListMessagesAsync(conversationId, before: Guid.Parse(second.Next_cursor!), limit: 2);

        Ids(first.Items).ShouldBe([sent[4].Id, sent[3].Id]);
        first.Next_cursor.ShouldBe(sent[3].Id.ToString());
        Ids(second.Items).ShouldBe([sent[2].Id, sent[1].Id]);
        second.Next_cursor.ShouldBe(sent[1].Id.ToString());
        Ids(third.Items).ShouldBe([sent[0].Id]);
        third.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldListOldestFirstFromJustAfter_WhenCatchingUpWithAfter()
    {
        var (ann, _, conversationId, sent) = await ConversationWithFiveMessagesAsync();
        var chat = ChatOf(ann);

        var first = await chat.ListMessagesAsync(conversationId, after: sent[1].Id, limit: 2);
        var second = await chat.ListMessagesAsync(conversationId, after: Guid.Parse(first.Next_cursor!), limit: 2);

        Ids(first.Items).ShouldBe([sent[2].Id, sent[3].Id]);
        first.Next_cursor.ShouldBe(sent[3].Id.ToString());
        Ids(second.Items).ShouldBe([sent[4].Id]);
        second.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldWalkEveryMessageOnceBothWays_WhenSeveralWereSentAtTheSameMoment()
    {
        var (ann, _, conversationId, _) = await ConversationWithFiveMessagesAsync();
        var moment = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Factory.QueryAsync(db => db.Messages.ExecuteUpdateAsync(set => set.SetProperty(m => m.CreatedAt, moment)));
        var chat = ChatOf(ann);
        var newestFirst = Ids((await chat.ListMessagesAsync(conversationId)).Items);

        var back = new List<Guid>();
        var page = await chat.ListMessagesAsync(conversationId, limit: 2);
        back.AddRange(Ids(page.Items));
        while (page.Next_cursor is { } before && back.Count < 10)
        {
            page = await chat.ListMessagesAsync(conversationId, before: Guid.Parse(before), limit: 2);
            back.AddRange(Ids(page.Items));
        }

        var forward = new List<Guid> { newestFirst[^1] };
        page = await chat.ListMessagesAsync(conversationId, after: newestFirst[^1], limit: 2);
        forward.AddRange(Ids(page.Items));
        while (page.Next_cursor is { } after && forward.Count < 10)
        {
            page = await chat.ListMessagesAsync(conversationId, after: Guid.Parse(after), limit: 2);
            forward.AddRange(Ids(page.Items));
        }

        newestFirst.Count.ShouldBe(5);
        back.ShouldBe(newestFirst);
        forward.ShouldBe(newestFirst.AsEnumerable().Reverse());
    }

    [Fact]
    public async Task ShouldReturnAnEmptyPage_WhenCatchingUpAfterTheNewestMessage()
    {
        var (ann, _, conversationId, sent) = await ConversationWithFiveMessagesAsync();

        var page = await ChatOf(ann).ListMessagesAsync(conversationId, after: sent[4].Id);

        page.Items.ShouldBeEmpty();
        page.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldReturnAnEmptyPage_WhenNothingWasSentYet()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);

        var page = await ChatOf(bob).ListMessagesAsync(conversation.Id);

        page.Items.ShouldBeEmpty();
        page.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldAnswer400_WhenBeforeAndAfterAreBothGiven()
    {
        var (ann, _, conversationId, sent) = await ConversationWithFiveMessagesAsync();

        using var response = await ann.Http.GetAsync($"{MessagesPath(conversationId)}?before={sent[3].Id}&after={sent[1].Id}");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task ShouldAnswer400NamingBefore_WhenTheMessageIsFromAnotherConversation()
    {
        var (ann, _, conversationId, _) = await ConversationWithFiveMessagesAsync();
        var carol = await UserAsync("Carol");
        var elsewhere = await StartDirectAsync(ann, carol);
        var foreign = await SendTextAsync(carol, elsewhere.Id, "Hi Ann");

        using var response = await ann.Http.GetAsync($"{MessagesPath(conversationId)}?before={foreign.Id}");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["before"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingAfter_WhenTheMessageDoesNotExist()
    {
        var (ann, _, conversationId, _) = await ConversationWithFiveMessagesAsync();

        using var response = await ann.Http.GetAsync($"{MessagesPath(conversationId)}?after={Guid.CreateVersion7()}");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["after"]);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("before=yesterday", "before")]
    public async Task ShouldAnswer400NamingTheParameter_WhenItIsNotValid(string query, string field)
    {
        var (ann, _, conversationId, _) = await ConversationWithFiveMessagesAsync();

        using var response = await ann.Http.GetAsync($"{MessagesPath(conversationId)}?{query}");

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe([field]);
    }

    [Fact]
    public async Task ShouldShowBothSidesTheSameHistory_WhenEitherParticipantLists()
    {
        var (ann, bob, conversationId, _) = await ConversationWithFiveMessagesAsync();

        var annSees = await ChatOf(ann).ListMessagesAsync(conversationId);
        var bobSees = await ChatOf(bob).ListMessagesAsync(conversationId);

        Ids(bobSees.Items).ShouldBe(Ids(annSees.Items));
    }
}
