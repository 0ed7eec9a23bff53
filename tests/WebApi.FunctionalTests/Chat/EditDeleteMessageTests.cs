using System.Net;
using System.Text.Json.Nodes;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class EditDeleteMessageTests(WebApiFactory factory) : ChatTestBase(factory)
{
    /// <summary>Ann sent Bob one text message.</summary>
    private async Task<(SignedInUser Ann, SignedInUser Bob, Guid ConversationId, MessageDto Message)> OneMessageAsync()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        return (ann, bob, conversation.Id, await SendTextAsync(ann, conversation.Id, "The rent is $950"));
    }

    private static string MessagePath(Guid messageId) => $"/api/chat/messages/{messageId}";

    private Task<Domain.Chat.Message> StoredAsync(Guid messageId) =>
        Factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == messageId));

    private static Task<MessageDto> EditAsync(SignedInUser editor, Guid messageId, string content) =>
        ChatOf(editor).EditMessageAsync(messageId, new EditMessageInput { Content = content });

    [Fact]
    public async Task ShouldChangeTheTextAndSetEditedAt_WhenTheSenderEditsWithin15Minutes()
    {
        var (ann, bob, conversationId, message) = await OneMessageAsync();

        var edited = await EditAsync(ann, message.Id, "The rent is $900");

        edited.Id.ShouldBe(message.Id);
        edited.Content.ShouldBe("The rent is $900");
        edited.Edited_at.ShouldNotBeNull();
        edited.Edited_at.Value.ShouldBeGreaterThanOrEqualTo(message.Created_at);
        var bobSees = (await ChatOf(bob).ListMessagesAsync(conversationId)).Items.ShouldHaveSingleItem();
        bobSees.Content.ShouldBe("The rent is $900");
        bobSees.Edited_at.ShouldBe(edited.Edited_at);
    }

    [Fact]
    public async Task ShouldAnswer403AndKeepTheText_WhenAnotherParticipantEdits()
    {
        var (_, bob, _, message) = await OneMessageAsync();

        using var response = await SendJsonAsync(bob, HttpMethod.Patch, MessagePath(message.Id), new JsonObject { ["content"] = "The rent is $0" });

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
        var stored = await StoredAsync(message.Id);
        stored.Content.ShouldBe("The rent is $950");
        stored.EditedAt.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldAnswer403_WhenANonParticipantEdits()
    {
        var (_, _, _, message) = await OneMessageAsync();
        var eve = await UserAsync("Eve");

        await ShouldFailAsync(() => EditAsync(eve, message.Id, "Hacked"), 403);
    }

    [Fact]
    public async Task ShouldAnswer409AndKeepTheText_WhenTheMessageIsOlderThan15Minutes()
    {
        var (ann, _, _, message) = await OneMessageAsync();
        await BackdateMessageAsync(message.Id, DateTimeOffset.UtcNow.AddMinutes(-16));

        using var response = await SendJsonAsync(ann, HttpMethod.Patch, MessagePath(message.Id), new JsonObject { ["content"] = "Too late" });

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Conflict);
        (await StoredAsync(message.Id)).Content.ShouldBe("The rent is $950");
    }

    [Fact]
    public async Task ShouldAcceptTheEdit_WhenTheMessageIsAlmost15MinutesOld()
    {
        var (ann, _, _, message) = await OneMessageAsync();
        await BackdateMessageAsync(message.Id, DateTimeOffset.UtcNow.AddMinutes(-14));

        var edited = await EditAsync(ann, message.Id, "Just in time");

        edited.Content.ShouldBe("Just in time");
    }

    [Fact]
    public async Task ShouldAnswer400NamingContent_WhenTheNewTextIsOver4000Characters()
    {
        var (ann, _, _, message) = await OneMessageAsync();

        using var response = await SendJsonAsync(ann, HttpMethod.Patch, MessagePath(message.Id), new JsonObject { ["content"] = new string('a', 4001) });

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["content"]);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenEditingAMessageThatDoesNotExist()
    {
        var ann = await UserAsync("Ann");

        await ShouldFailAsync(() => EditAsync(ann, Guid.CreateVersion7(), "Hello"), 404);
    }

    [Fact]
    public async Task ShouldLeaveAPlaceholder_WhenTheSenderDeletes()
    {
        var (ann, bob, conversationId, message) = await OneMessageAsync();

        var deleted = await ChatOf(ann).DeleteMessageAsync(message.Id);

        deleted.Id.ShouldBe(message.Id);
        deleted.Deleted_at.ShouldNotBeNull();
        deleted.Content.ShouldBeNull();
        var stored = await StoredAsync(message.Id);
        stored.Content.ShouldBeNull();
        stored.DeletedAt.ShouldNotBeNull();
        var bobSees = (await ChatOf(bob).ListMessagesAsync(conversationId)).Items.ShouldHaveSingleItem();
        bobSees.Id.ShouldBe(message.Id);
        bobSees.Deleted_at.ShouldNotBeNull();
        bobSees.Content.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldShowTheLastMessageAsDeleted_WhenTheNewestMessageIsDeleted()
    {
        var (ann, bob, conversationId, message) = await OneMessageAsync();

        await ChatOf(ann).DeleteMessageAsync(message.Id);

        var last = (await ConversationOfAsync(bob, conversationId)).Last_message!;
        last.Id.ShouldBe(message.Id);
        last.Deleted_at.ShouldNotBeNull();
        last.Content.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldRemoveTheImage_WhenAnImageMessageIsDeleted()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        var image = await ChatOf(ann).SendMessageAsync(conversation.Id, new SendMessageInput { Kind = MessageKind.Image, Image_url = await UploadAsync(ann) });

        var deleted = await ChatOf(ann).DeleteMessageAsync(image.Id);

        deleted.Image_url.ShouldBeNull();
        deleted.Kind.ShouldBe(MessageKind.Image);
    }

    [Fact]
    public async Task ShouldAnswer403AndKeepTheMessage_WhenAnotherParticipantDeletes()
    {
        var (_, bob, _, message) = await OneMessageAsync();

        using var response = await bob.Http.DeleteAsync(MessagePath(message.Id));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
        var stored = await StoredAsync(message.Id);
        stored.DeletedAt.ShouldBeNull();
        stored.Content.ShouldBe("The rent is $950");
    }

    [Fact]
    public async Task ShouldAnswer403_WhenANonParticipantDeletes()
    {
        var (_, _, _, message) = await OneMessageAsync();
        var eve = await UserAsync("Eve");

        await ShouldFailAsync(() => ChatOf(eve).DeleteMessageAsync(message.Id), 403);
    }

    [Fact]
    public async Task ShouldKeepTheFirstDeletionTime_WhenDeletingTwice()
    {
        var (ann, _, _, message) = await OneMessageAsync();
        var first = await ChatOf(ann).DeleteMessageAsync(message.Id);

        var second = await ChatOf(ann).DeleteMessageAsync(message.Id);

        second.Deleted_at.ShouldBe(first.Deleted_at);
    }

    [Fact]
    public async Task ShouldAnswer409_WhenEditingADeletedMessage()
    {
        var (ann, _, _, message) = await OneMessageAsync();
        await ChatOf(ann).DeleteMessageAsync(message.Id);

        await ShouldFailAsync(() => EditAsync(ann, message.Id, "Back from the dead"), 409);
        (await StoredAsync(message.Id)).Content.ShouldBeNull();
    }
}
