using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Chat;

public sealed class ListingConversationStatsTests(WebApiFactory factory) : ChatTestBase(factory)
{
    [Fact]
    public async Task ShouldCountTheConversationsAboutTheListing_WhenTheOwnerAsks()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var carol = await UserAsync("Carol");
        var listing = await CreateListingAsync(ann);
        var other = await CreateListingAsync(ann);
        await StartDirectAsync(bob, ann, listing.Id);
        await StartDirectAsync(carol, ann, listing.Id);
        await ChatOf(bob).CreateConversationAsync(new Client.CreateConversationCommand
        {
            Participants = [ann.Id, carol.Id],
            Title = "Sharing the room",
            Listing_id = listing.Id,
        });
        await StartDirectAsync(bob, ann);
        await StartDirectAsync(bob, ann, other.Id);

        var stats = await ListingsOf(ann).GetListingStatsAsync(listing.Id);

        stats.Conversation_count.ShouldBe(3);
    }

    [Fact]
    public async Task ShouldCountAConversationOnce_WhenItIsStartedAgain()
    {
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var listing = await CreateListingAsync(ann);
        await StartDirectAsync(bob, ann, listing.Id);
        await StartDirectAsync(bob, ann, listing.Id);
        await StartDirectAsync(ann, bob, listing.Id);

        var stats = await ListingsOf(ann).GetListingStatsAsync(listing.Id);

        stats.Conversation_count.ShouldBe(1);
    }
}
