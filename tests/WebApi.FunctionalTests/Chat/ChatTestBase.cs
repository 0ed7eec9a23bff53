using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Homelette.WebApi.FunctionalTests.Listings;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Chat;

/// <summary>
/// What every chat test needs: a chat client per signed-in user, conversations and messages in one call, raw
/// requests for the answers the generated client cannot tell apart (200 from 201) or cannot send, and the rows.
/// </summary>
public abstract class ChatTestBase(WebApiFactory factory) : ListingTestBase(factory)
{
    protected const string ConversationsPath = "/api/chat/conversations";

    /// <summary>The wire format of the API, for reading raw responses into the generated client's types.</summary>
    private static readonly JsonSerializerOptions Wire = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    protected static string MessagesPath(Guid conversationId) => $"{ConversationsPath}/{conversationId}/messages";

    protected static ChatClient ChatOf(SignedInUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new ChatClient(user.Http);
    }

    /// <summary>Registers and signs in a user called <paramref name="name"/> (name@example.edu).</summary>
    protected Task<SignedInUser> UserAsync(string name) =>
        RegisterAndLoginAsync($"{name.ToLowerInvariant()}@example.edu", name);

    protected static Task<ConversationDto> StartDirectAsync(SignedInUser caller, SignedInUser other, Guid? listingId = null) =>
        ChatOf(caller).CreateConversationAsync(new CreateConversationCommand { Participants = [other.Id], Listing_id = listingId });

    protected static Task<ConversationDto> StartGroupAsync(SignedInUser caller, string title, params SignedInUser[] others) =>
        ChatOf(caller).CreateConversationAsync(new CreateConversationCommand { Participants = [.. others.Select(o => o.Id)], Title = title });

    protected static Task<MessageDto> SendTextAsync(SignedInUser sender, Guid conversationId, string content, string? clientMessageId = null) =>
        ChatOf(sender).SendMessageAsync(conversationId, new SendMessageInput
        {
            Kind = MessageKind.Text,
            Content = content,
            Client_message_id = clientMessageId,
        });

    /// <summary>Sends <paramref name="count"/> texts one after the other ("1", "2", ...); the stored messages, oldest first.</summary>
    protected static async Task<List<MessageDto>> SendTextsAsync(SignedInUser sender, Guid conversationId, int count)
    {
        var sent = new List<MessageDto>();
        for (var i = 1; i <= count; i++)
        {
            sent.Add(await SendTextAsync(sender, conversationId, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return sent;
    }

    protected static async Task<HttpResponseMessage> PostJsonAsync(SignedInUser user, string path, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(user);
        using var content = ListingTestData.Json(body);
        return await user.Http.PostAsync(path, content);
    }

    protected static async Task<HttpResponseMessage> SendJsonAsync(SignedInUser user, HttpMethod method, string path, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(user);
        using var request = new HttpRequestMessage(method, path) { Content = ListingTestData.Json(body) };
        return await user.Http.SendAsync(request);
    }

    /// <summary>A text message body as raw JSON.</summary>
    protected static JsonObject TextJson(string content, string? clientMessageId = null)
    {
        var body = new JsonObject { ["kind"] = "text", ["content"] = content };
        if (clientMessageId is not null)
        {
            body["client_message_id"] = clientMessageId;
        }

        return body;
    }

    /// <summary>Checks the status and reads the body as one of the generated client's types.</summary>
    protected static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        return JsonSerializer.Deserialize<T>(text, Wire) ?? throw new InvalidOperationException("The body is empty.");
    }

    protected Task<int> MessageRowsAsync() => Factory.QueryAsync(db => db.Messages.CountAsync());

    protected Task<int> ConversationRowsAsync() => Factory.QueryAsync(db => db.Conversations.CountAsync());

    /// <summary>Makes a message look as if it had been sent at <paramref name="createdAt"/>.</summary>
    protected Task BackdateMessageAsync(Guid messageId, DateTimeOffset createdAt) =>
        Factory.QueryAsync(db => db.Messages.Where(m => m.Id == messageId)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.CreatedAt, createdAt)));

    protected static async Task<List<Guid>> ConversationIdsAsync(SignedInUser user, int? limit = null, string? cursor = null) =>
        [.. (await ChatOf(user).ListConversationsAsync(limit, cursor)).Items.Select(c => c.Id)];

    protected static async Task<ConversationDto> ConversationOfAsync(SignedInUser user, Guid conversationId) =>
        await ChatOf(user).GetConversationAsync(conversationId);
}
