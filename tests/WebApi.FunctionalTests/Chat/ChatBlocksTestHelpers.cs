using System.Text;
using System.Text.Json.Nodes;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Homelette.WebApi.FunctionalTests.Listings;

namespace Homelette.WebApi.FunctionalTests.Chat;

/// <summary>What the block, report and message-search tests share: clients per user, a conversation or message in one call.</summary>
internal static class ChatBlocksTestHelpers
{
    public static ChatClient ChatOf(SignedInUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new ChatClient(user.Http);
    }

    public static ReportsClient ReportsOf(SignedInUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new ReportsClient(user.Http);
    }

    /// <summary>The direct conversation of the two users (about the listing, if given), started by the first.</summary>
    public static async Task<ConversationDto> DirectAsync(SignedInUser starter, SignedInUser other, Guid? listingId = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        return await ChatOf(starter).CreateConversationAsync(new CreateConversationCommand { Participants = [other.Id], Listing_id = listingId });
    }

    /// <summary>A titled group of the starter and the others.</summary>
    public static async Task<ConversationDto> GroupAsync(SignedInUser starter, string title, params SignedInUser[] others) =>
        await ChatOf(starter).CreateConversationAsync(new CreateConversationCommand { Participants = [.. others.Select(o => o.Id)], Title = title });

    public static Task<MessageDto> SendTextAsync(SignedInUser sender, Guid conversationId, string content, string? clientMessageId = null) =>
        ChatOf(sender).SendMessageAsync(conversationId, new SendMessageInput { Kind = MessageKind.Text, Content = content, Client_message_id = clientMessageId });

    public static async Task<ListingDto> CreateListingAsync(SignedInUser owner) =>
        await new ListingsClient(owner.Http).CreateListingAsync(ListingTestData.NewListing());

    /// <summary>The per-field errors of a 400 the generated client threw.</summary>
    public static ICollection<string> ErrorFields(ApiException exception) =>
        exception.ShouldBeOfType<ApiException<HttpValidationProblemDetails>>().Result.Errors.Keys;

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
