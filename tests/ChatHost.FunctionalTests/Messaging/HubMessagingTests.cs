using System.Net.Http.Json;
using System.Text.Json;
using Homelette.ChatHost.FunctionalTests.Infrastructure;
using Homelette.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace Homelette.ChatHost.FunctionalTests.Messaging;

/// <summary>Messages through the hub, between users connected to two ChatHost instances that share one Redis.</summary>
[Trait("Category", "Chaos")]
public sealed class HubMessagingTests(ChatFixture fixture) : ChatTestBase(fixture)
{
    private Task<int> StoredMessagesAsync() => Fixture.QueryAsync(db => db.Messages.CountAsync());

    private static Guid Id(JsonElement payload) => payload.GetProperty("id").GetGuid();

    [Fact]
    public async Task ShouldDeliverAPrivateMessageAcrossInstances_AndConfirmItToEveryConnectionOfTheSender()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var annOnA = await ConnectAsync(ann, Fixture.InstanceA);
        var annOnB = await ConnectAsync(ann, Fixture.InstanceB);
        var bobOnB = await ConnectAsync(bob, Fixture.InstanceB);

        var stored = await annOnA.Connection.InvokeAsync<JsonElement>(
            "private_message", new { recipient_id = bob.Id, content = "Is the room still free?", client_message_id = "m-1" });

        stored.GetProperty("sender_id").GetGuid().ShouldBe(ann.Id);
        stored.GetProperty("content").GetString().ShouldBe("Is the room still free?");
        var received = await bobOnB.NextAsync("private_message");
        Id(received).ShouldBe(Id(stored));
        received.GetProperty("sender_id").GetGuid().ShouldBe(ann.Id);
        Id(await annOnA.NextAsync("message_delivered")).ShouldBe(Id(stored));
        Id(await annOnB.NextAsync("message_delivered")).ShouldBe(Id(stored));
        (await StoredMessagesAsync()).ShouldBe(1);
        (await annOnB.QuietAsync("private_message")).ShouldBeEmpty("the sender's own devices get message_delivered, not the message");
    }

    [Fact]
    public async Task ShouldReachEveryOtherParticipant_WhenSendingToAGroup()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var carol = await SignUpAsync("Carol");
        var group = await GroupAsync(ann, "Del Playa house", bob, carol);
        var annOnA = await ConnectAsync(ann, Fixture.InstanceA);
        var bobOnA = await ConnectAsync(bob, Fixture.InstanceA);
        var carolOnB = await ConnectAsync(carol, Fixture.InstanceB);

        var stored = await bobOnA.Connection.InvokeAsync<JsonElement>(
            "conversation_message", new { conversation_id = group, kind = "location", latitude = 34.4133, longitude = -119.861, location_label = "The house" });

        stored.GetProperty("kind").GetString().ShouldBe("location");
        Id(await annOnA.NextAsync("conversation_message")).ShouldBe(Id(stored));
        var atCarol = await carolOnB.NextAsync("conversation_message");
        Id(atCarol).ShouldBe(Id(stored));
        atCarol.GetProperty("location_label").GetString().ShouldBe("The house");
        Id(await bobOnA.NextAsync("message_delivered")).ShouldBe(Id(stored));
    }

    [Fact]
    public async Task ShouldStoreAndDeliverOnce_WhenTheSameClientMessageIdIsSentFiftyTimesAtOnce()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var conversation = await DirectAsync(ann, bob);
        var bobConnection = await ConnectAsync(bob, Fixture.InstanceB);
        var annConnections = new List<RecordingConnection>();
        for (var i = 0; i < 10; i++)
        {
            annConnections.Add(await ConnectAsync(ann, i % 2 == 0 ? Fixture.InstanceA : Fixture.InstanceB));
        }

        var sends = annConnections.SelectMany(c => Enumerable.Range(0, 5).Select(_ => c.Connection.InvokeAsync<JsonElement>(
            "conversation_message", new { conversation_id = conversation, content = "Only once", client_message_id = "retry-me" })));
        var results = await Task.WhenAll(sends);

        results.Select(Id).Distinct().Count().ShouldBe(1);
        (await StoredMessagesAsync()).ShouldBe(1);
        Id(await bobConnection.NextAsync("private_message")).ShouldBe(Id(results[0]));
        (await bobConnection.QuietAsync("private_message", TimeSpan.FromSeconds(1))).ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldRefuseAndStoreNothing_WhenThePayloadNamesAnotherSender()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var annConnection = await ConnectAsync(ann);
        var bobConnection = await ConnectAsync(bob);

        var failure = await Should.ThrowAsync<HubException>(() => annConnection.Connection.InvokeAsync<JsonElement>(
            "private_message", new { sender_id = bob.Id, recipient_id = bob.Id, content = "I am Bob" }));

        failure.Message.ShouldContain("forbidden");
        (await annConnection.NextAsync("error")).GetProperty("code").GetString().ShouldBe("forbidden");
        (await StoredMessagesAsync()).ShouldBe(0);
        (await bobConnection.QuietAsync("private_message")).ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldRefuseAndStoreNothing_WhenANonParticipantSendsJoinsOrMarksRead()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var eve = await SignUpAsync("Eve");
        var conversation = await DirectAsync(ann, bob);
        var message = await ChatOf(ann).SendMessageAsync(conversation, new SendMessageInput { Content = "Private" });
        var eveConnection = await ConnectAsync(eve);
        var annConnection = await ConnectAsync(ann);

        await Should.ThrowAsync<HubException>(() => eveConnection.Connection.InvokeAsync<JsonElement>(
            "conversation_message", new { conversation_id = conversation, content = "Let me in" }));
        await Should.ThrowAsync<HubException>(() => eveConnection.Connection.InvokeAsync<JsonElement>(
            "join_conversation", new { conversation_id = conversation }));
        await Should.ThrowAsync<HubException>(() => eveConnection.Connection.InvokeAsync<JsonElement>(
            "mark_read", new { conversation_id = conversation, message_id = message.Id }));
        await Should.ThrowAsync<HubException>(() => eveConnection.Connection.InvokeAsync(
            "typing", new { conversation_id = conversation, is_typing = true }));

        var errors = new[] { await eveConnection.NextAsync("error"), await eveConnection.NextAsync("error"), await eveConnection.NextAsync("error"), await eveConnection.NextAsync("error") };
        errors.Select(e => e.GetProperty("code").GetString()).ShouldAllBe(code => code == "forbidden");
        (await StoredMessagesAsync()).ShouldBe(1);
        (await annConnection.QuietAsync("user_typing")).ShouldBeEmpty();
        annConnection.Drain("messages_read").ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldShowTypingOnlyToTheOtherParticipants_AtMostOncePerSecond()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var stranger = await SignUpAsync("Stranger");
        var conversation = await DirectAsync(ann, bob);
        var annConnection = await ConnectAsync(ann, Fixture.InstanceA);
        var bobConnection = await ConnectAsync(bob, Fixture.InstanceB);
        var strangerConnection = await ConnectAsync(stranger, Fixture.InstanceB);

        await annConnection.Connection.InvokeAsync("typing", new { recipient_id = bob.Id, is_typing = true });
        await annConnection.Connection.InvokeAsync("typing", new { conversation_id = conversation, is_typing = true });
        await annConnection.Connection.InvokeAsync("typing", new { conversation_id = conversation, is_typing = false });

        var typing = await bobConnection.NextAsync("user_typing");
        typing.GetProperty("user_id").GetGuid().ShouldBe(ann.Id);
        typing.GetProperty("conversation_id").GetGuid().ShouldBe(conversation);
        typing.GetProperty("is_typing").GetBoolean().ShouldBeTrue();
        (await bobConnection.NextAsync("user_typing")).GetProperty("is_typing").GetBoolean().ShouldBeFalse("the second 'typing' within a second is dropped");
        (await strangerConnection.QuietAsync("user_typing")).ShouldBeEmpty();
        annConnection.Drain("user_typing").ShouldBeEmpty();
        await Should.ThrowAsync<HubException>(() => strangerConnection.Connection.InvokeAsync("typing", new { recipient_id = ann.Id, is_typing = true }));
    }

    [Fact]
    public async Task ShouldSendAReadReceiptToTheOthers_WhenAParticipantMarksRead()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var conversation = await DirectAsync(ann, bob);
        var message = await ChatOf(ann).SendMessageAsync(conversation, new SendMessageInput { Content = "Rent is due" });
        var annConnection = await ConnectAsync(ann, Fixture.InstanceA);
        var bobConnection = await ConnectAsync(bob, Fixture.InstanceB);

        await bobConnection.Connection.InvokeAsync<JsonElement>("mark_read", new { conversation_id = conversation, message_id = message.Id });

        var receipt = await annConnection.NextAsync("messages_read");
        receipt.GetProperty("user_id").GetGuid().ShouldBe(bob.Id);
        receipt.GetProperty("up_to_message_id").GetGuid().ShouldBe(message.Id);
        (await ChatOf(bob).GetConversationAsync(conversation)).Unread_count.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldReachSockets_WhenAMessageIsSentEditedAndDeletedOverRest()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var conversation = await DirectAsync(ann, bob);
        var bobConnection = await ConnectAsync(bob, Fixture.InstanceB);
        var annConnection = await ConnectAsync(ann, Fixture.InstanceA);

        var sent = await ChatOf(ann).SendMessageAsync(conversation, new SendMessageInput { Content = "Sent over REST" });
        await ChatOf(ann).EditMessageAsync(sent.Id, new EditMessageInput { Content = "Edited over REST" });
        await ChatOf(ann).DeleteMessageAsync(sent.Id);

        Id(await bobConnection.NextAsync("private_message")).ShouldBe(sent.Id);
        Id(await annConnection.NextAsync("message_delivered")).ShouldBe(sent.Id);
        (await bobConnection.NextAsync("message_edited")).GetProperty("content").GetString().ShouldBe("Edited over REST");
        var deleted = await bobConnection.NextAsync("message_deleted");
        deleted.GetProperty("content").ValueKind.ShouldBe(JsonValueKind.Null);
        deleted.GetProperty("deleted_at").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task ShouldTellTheOwner_WhenSomeoneSavesTheirListing()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var annConnection = await ConnectAsync(ann, Fixture.InstanceB);
        var listingId = await CreateListingAsync(ann);

        var bobHttp = Fixture.Api.CreateClient();
        bobHttp.DefaultRequestHeaders.Authorization = new("Bearer", bob.Token);
        await new UsersClient(bobHttp).AddInterestAsync(bob.Id, listingId);

        var interest = await annConnection.NextAsync("listing_interest");
        interest.GetProperty("listing_id").GetGuid().ShouldBe(listingId);
        interest.GetProperty("user").GetProperty("id").GetGuid().ShouldBe(bob.Id);
        interest.GetProperty("user").TryGetProperty("email", out _).ShouldBeFalse("only the public profile is sent");
    }

    [Fact]
    public async Task ShouldRefuseThe31stMessageInTenSeconds_AsRateLimited()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var conversation = await DirectAsync(ann, bob);
        var annConnection = await ConnectAsync(ann);
        for (var i = 0; i < 30; i++)
        {
            await annConnection.Connection.InvokeAsync<JsonElement>("conversation_message", new { conversation_id = conversation, content = $"Message {i}" });
        }

        var failure = await Should.ThrowAsync<HubException>(() => annConnection.Connection.InvokeAsync<JsonElement>(
            "conversation_message", new { conversation_id = conversation, content = "One too many" }));

        failure.Message.ShouldContain("rate_limited");
        (await annConnection.NextAsync("error")).GetProperty("code").GetString().ShouldBe("rate_limited");
        (await StoredMessagesAsync()).ShouldBe(30);
        (await Fixture.Api.CreateClient().GetAsync("/health")).IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public async Task ShouldRefuseAHubMessageOver16Kilobytes()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var conversation = await DirectAsync(ann, bob);
        var annConnection = await ConnectAsync(ann);

        await Should.ThrowAsync<Exception>(() => annConnection.Connection.InvokeAsync<JsonElement>(
            "conversation_message", new { conversation_id = conversation, content = new string('x', 40 * 1024) }));

        (await StoredMessagesAsync()).ShouldBe(0);
    }

    private async Task<Guid> CreateListingAsync(ChatUser owner)
    {
        var http = Fixture.Api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", owner.Token);
        var body = new
        {
            address = new { street_address = "6500 Del Playa Dr", city = "Isla Vista", state = "CA", zip_code = "93117", latitude = 34.4133, longitude = -119.861 },
            property = new { property_type = "apartment", bedrooms = 2, bathrooms = 1.5, area = 800 },
            listing = new { title = "Sunny room", price = 950, start_date = "2027-01-01", end_date = "2027-06-30", roommates = 1 },
        };
        using var response = await http.PostAsJsonAsync("/api/listings", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
