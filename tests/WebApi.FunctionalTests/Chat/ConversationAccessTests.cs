using System.Net;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class ConversationAccessTests(WebApiFactory factory) : ChatTestBase(factory)
{
    [Fact]
    public async Task ShouldReturnTheConversation_WhenAParticipantAsks()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var carol = await UserAsync("Carol");
        var group = await StartGroupAsync(ann, "Flatmates", bob, carol);
        await SendTextAsync(ann, group.Id, "Welcome!");

        var seen = await ChatOf(carol).GetConversationAsync(group.Id);

        seen.Id.ShouldBe(group.Id);
        seen.Title.ShouldBe("Flatmates");
        seen.Participants.Count.ShouldBe(3);
        seen.Unread_count.ShouldBe(1);
        seen.Last_message!.Content.ShouldBe("Welcome!");
    }

    [Fact]
    public async Task ShouldAnswer403AndTellNothing_WhenANonParticipantGetsTheConversation()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var eve = await UserAsync("Eve");
        var group = await StartGroupAsync(ann, "Secret plans", bob);

        using var response = await eve.Http.GetAsync($"{ConversationsPath}/{group.Id}");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotContain("Secret plans");
        text.ShouldNotContain(bob.Id.ToString());
    }

    [Fact]
    public async Task ShouldAnswer403AndTellNothing_WhenANonParticipantListsTheMessages()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var eve = await UserAsync("Eve");
        var conversation = await StartDirectAsync(ann, bob);
        await SendTextAsync(ann, conversation.Id, "My door code is 4711");

        using var response = await eve.Http.GetAsync(MessagesPath(conversation.Id));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("4711");
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheConversationDoesNotExist()
    {
        var ann = await UserAsync("Ann");

        using var response = await ann.Http.GetAsync($"{ConversationsPath}/{Guid.CreateVersion7()}");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenListingMessagesOfAConversationThatDoesNotExist()
    {
        var ann = await UserAsync("Ann");

        await ShouldFailAsync(() => ChatOf(ann).ListMessagesAsync(Guid.CreateVersion7()), 404);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymousListsConversations()
    {
        using var response = await Factory.CreateClient().GetAsync(ConversationsPath);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
