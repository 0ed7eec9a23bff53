using System.Net;
using System.Text.Json.Nodes;
using Homelette.Application.Listings.Commands.DeleteStaleUploads;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class SendMessageTests(WebApiFactory factory) : ChatTestBase(factory)
{
    private async Task<(SignedInUser Ann, SignedInUser Bob, Guid ConversationId)> PairAsync()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        return (ann, bob, (await StartDirectAsync(ann, bob)).Id);
    }

    private static async Task<Dictionary<string, string[]>> SendErrorsAsync(SignedInUser sender, Guid conversationId, JsonObject body)
    {
        using var response = await PostJsonAsync(sender, MessagesPath(conversationId), body);
        return await ProblemAssertions.ShouldBeValidationProblemAsync(response);
    }

    [Fact]
    public async Task ShouldAnswer201WithTheStoredMessage_WhenAParticipantSendsText()
    {
        var (ann, _, conversationId) = await PairAsync();

        using var response = await PostJsonAsync(ann, MessagesPath(conversationId), TextJson("  Is the room still free?  "));

        var message = await ReadAsync<MessageDto>(response, HttpStatusCode.Created);
        message.Conversation_id.ShouldBe(conversationId);
        message.Sender_id.ShouldBe(ann.Id);
        message.Kind.ShouldBe(MessageKind.Text);
        message.Content.ShouldBe("Is the room still free?");
        message.Edited_at.ShouldBeNull();
        message.Deleted_at.ShouldBeNull();
        response.Headers.Location.ShouldNotBeNull();
        var stored = await Factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync());
        stored.Id.ShouldBe(message.Id);
        stored.Content.ShouldBe("Is the room still free?");
    }

    [Fact]
    public async Task ShouldAnswer200WithTheSameMessageAndStoreOne_WhenAClientMessageIdIsReused()
    {
        var (ann, _, conversationId) = await PairAsync();
        using var first = await PostJsonAsync(ann, MessagesPath(conversationId), TextJson("Hello", "c-1"));
        var stored = await ReadAsync<MessageDto>(first, HttpStatusCode.Created);

        using var retry = await PostJsonAsync(ann, MessagesPath(conversationId), TextJson("Hello", "c-1"));

        var again = await ReadAsync<MessageDto>(retry, HttpStatusCode.OK);
        again.Id.ShouldBe(stored.Id);
        again.Client_message_id.ShouldBe("c-1");
        again.Created_at.ShouldBe(stored.Created_at);
        (await MessageRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldStoreTwoMessages_WhenTwoSendersUseTheSameClientMessageId()
    {
        var (ann, bob, conversationId) = await PairAsync();

        using var fromAnn = await PostJsonAsync(ann, MessagesPath(conversationId), TextJson("Hi Bob", "same"));
        using var fromBob = await PostJsonAsync(bob, MessagesPath(conversationId), TextJson("Hi Ann", "same"));

        fromAnn.StatusCode.ShouldBe(HttpStatusCode.Created);
        fromBob.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await MessageRowsAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task ShouldStoreOneMessageAndAnswerWithItEverywhere_When20RetriesArriveAtOnce()
    {
        var (ann, _, conversationId) = await PairAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => PostJsonAsync(ann, MessagesPath(conversationId), TextJson("Only once, please", "retry-storm"))));

        var ids = new List<Guid>();
        foreach (var response in responses)
        {
            using (response)
            {
                response.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
                ids.Add((await ReadAsync<MessageDto>(response, response.StatusCode)).Id);
            }
        }

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        ids.Distinct().Count().ShouldBe(1);
        var stored = await Factory.QueryAsync(db => db.Messages.AsNoTracking().ToListAsync());
        stored.ShouldHaveSingleItem().Id.ShouldBe(ids[0]);
    }

    [Fact]
    public async Task ShouldAnswer409_WhenTheClientMessageIdWasUsedInAnotherConversation()
    {
        var (ann, bob, conversationId) = await PairAsync();
        var other = await StartGroupAsync(ann, "Other", bob, await UserAsync("Carol"));
        await SendTextAsync(ann, conversationId, "Hello", "c-1");

        using var response = await PostJsonAsync(ann, MessagesPath(other.Id), TextJson("Hello", "c-1"));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Conflict);
        (await MessageRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldAccept4000Characters_WhenTextIsAtTheLimit()
    {
        var (ann, _, conversationId) = await PairAsync();

        var message = await SendTextAsync(ann, conversationId, new string('a', 4000));

        message.Content!.Length.ShouldBe(4000);
    }

    [Fact]
    public async Task ShouldAnswer400NamingContent_WhenTextIsOver4000Characters()
    {
        var (ann, _, conversationId) = await PairAsync();

        (await SendErrorsAsync(ann, conversationId, TextJson(new string('a', 4001)))).Keys.ShouldBe(["content"]);
        (await MessageRowsAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task ShouldAnswer400NamingContent_WhenTextIsEmpty(string content)
    {
        var (ann, _, conversationId) = await PairAsync();

        (await SendErrorsAsync(ann, conversationId, TextJson(content))).Keys.ShouldBe(["content"]);
    }

    [Fact]
    public async Task ShouldAnswer201WithTheLocation_WhenSendingALocation()
    {
        var (ann, _, conversationId) = await PairAsync();

        var message = await ChatOf(ann).SendMessageAsync(conversationId, new SendMessageInput
        {
            Kind = MessageKind.Location,
            Latitude = 34.4133,
            Longitude = -119.8610,
            Location_label = "Del Playa Dr",
        });

        message.Kind.ShouldBe(MessageKind.Location);
        message.Latitude.ShouldBe(34.4133);
        message.Longitude.ShouldBe(-119.8610);
        message.Location_label.ShouldBe("Del Playa Dr");
        message.Content.ShouldBeNull();
    }

    [Theory]
    [InlineData(91, 0, "latitude")]
    [InlineData(-91, 0, "latitude")]
    [InlineData(0, 181, "longitude")]
    public async Task ShouldAnswer400NamingTheCoordinate_WhenALocationIsOffTheGlobe(double latitude, double longitude, string field)
    {
        var (ann, _, conversationId) = await PairAsync();
        var body = new JsonObject { ["kind"] = "location", ["latitude"] = latitude, ["longitude"] = longitude };

        (await SendErrorsAsync(ann, conversationId, body)).Keys.ShouldBe([field]);
        (await MessageRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingLatitude_WhenALocationHasNoLatitude()
    {
        var (ann, _, conversationId) = await PairAsync();
        var body = new JsonObject { ["kind"] = "location", ["longitude"] = 10.0 };

        (await SendErrorsAsync(ann, conversationId, body)).Keys.ShouldBe(["latitude"]);
    }

    [Fact]
    public async Task ShouldAnswer201_WhenSendingAnImageYouUploaded()
    {
        var (ann, _, conversationId) = await PairAsync();
        var url = await UploadAsync(ann);

        using var response = await PostJsonAsync(ann, MessagesPath(conversationId),
            new JsonObject { ["kind"] = "image", ["image_url"] = url, ["content"] = "The view" });

        var message = await ReadAsync<MessageDto>(response, HttpStatusCode.Created);
        message.Kind.ShouldBe(MessageKind.Image);
        message.Image_url.ShouldBe(url);
        message.Content.ShouldBe("The view");
    }

    [Fact]
    public async Task ShouldKeepTheImage_WhenTheCleanUpOfUnattachedUploadsRunsADayLater()
    {
        var (ann, bob, conversationId) = await PairAsync();
        var url = await UploadAsync(ann);
        await ChatOf(ann).SendMessageAsync(conversationId, new SendMessageInput { Kind = MessageKind.Image, Image_url = url });
        var dayAgo = DateTimeOffset.UtcNow.AddHours(-25);
        await Factory.QueryAsync(db => db.ListingImages.Where(i => i.Url == url).ExecuteUpdateAsync(set => set.SetProperty(i => i.CreatedAt, dayAgo)));

        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DeleteStaleUploadsCommand());
        }

        File.Exists(FileOf(url)).ShouldBeTrue();
        using var served = await bob.Http.GetAsync(url);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ShouldAnswer400NamingImageUrl_WhenTheImageIsSomeoneElsesUpload()
    {
        var (ann, bob, conversationId) = await PairAsync();
        var bobsUpload = await UploadAsync(bob);

        var errors = await SendErrorsAsync(ann, conversationId, new JsonObject { ["kind"] = "image", ["image_url"] = bobsUpload });

        errors.Keys.ShouldBe(["image_url"]);
        (await MessageRowsAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData("https://evil.example.com/tracker.png")]
    [InlineData("/uploads/00000000000000000000000000000000.png")]
    public async Task ShouldAnswer400NamingImageUrl_WhenTheImageIsNotAnUpload(string url)
    {
        var (ann, _, conversationId) = await PairAsync();

        var errors = await SendErrorsAsync(ann, conversationId, new JsonObject { ["kind"] = "image", ["image_url"] = url });

        errors.Keys.ShouldBe(["image_url"]);
        (await MessageRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingSenderId_WhenTheBodyNamesASender()
    {
        var (ann, bob, conversationId) = await PairAsync();
        var body = TextJson("I am Bob, honest");
        body["sender_id"] = bob.Id.ToString();

        var errors = await SendErrorsAsync(ann, conversationId, body);

        errors.Keys.ShouldBe(["sender_id"]);
        (await MessageRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingKind_WhenTheKindIsUnknown()
    {
        var (ann, _, conversationId) = await PairAsync();
        var body = TextJson("Hello");
        body["kind"] = "video";

        (await SendErrorsAsync(ann, conversationId, body)).Keys.ShouldBe(["kind"]);
    }

    [Fact]
    public async Task ShouldAnswer403AndStoreNothing_WhenANonParticipantSends()
    {
        var (_, _, conversationId) = await PairAsync();
        var eve = await UserAsync("Eve");

        using var response = await PostJsonAsync(eve, MessagesPath(conversationId), TextJson("Let me in"));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
        (await MessageRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheConversationDoesNotExist()
    {
        var ann = await UserAsync("Ann");

        using var response = await PostJsonAsync(ann, MessagesPath(Guid.CreateVersion7()), TextJson("Hello?"));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ShouldAnswer201_WhenAGroupMemberSends()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var carol = await UserAsync("Carol");
        var group = await StartGroupAsync(ann, "Flat", bob, carol);

        using var response = await PostJsonAsync(carol, MessagesPath(group.Id), TextJson("Count me in"));

        (await ReadAsync<MessageDto>(response, HttpStatusCode.Created)).Sender_id.ShouldBe(carol.Id);
    }
}
