using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class ListingStatsTests(WebApiFactory factory) : ListingTestBase(factory)
{
    [Fact]
    public async Task ShouldCountViewsViewersAndFavorites_WhenTheOwnerAsks()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var created = await CreateListingAsync(ann);
        await ListingsOf(bob).GetListingAsync(created.Id);
        await ListingsOf(bob).GetListingAsync(created.Id);
        await ListingsOf(carol).GetListingAsync(created.Id);
        await AnonymousListings.GetListingAsync(created.Id);
        await ListingsOf(ann).GetListingAsync(created.Id);
        await bob.Users.AddInterestAsync(bob.Id, created.Id);

        var stats = await ListingsOf(ann).GetListingStatsAsync(created.Id);

        stats.Listing_id.ShouldBe(created.Id);
        stats.View_count.ShouldBe(3);
        stats.Unique_viewers.ShouldBe(2);
        stats.Favorite_count.ShouldBe(1);
        stats.Conversation_count.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldStartAtZero_WhenNoOneLookedYet()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        var stats = await ListingsOf(ann).GetListingStatsAsync(created.Id);

        stats.View_count.ShouldBe(0);
        stats.Unique_viewers.ShouldBe(0);
        stats.Favorite_count.ShouldBe(0);
        stats.Conversation_count.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldForbid_WhenSomeoneElseAsks()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);

        await ShouldFailAsync(() => ListingsOf(bob).GetListingStatsAsync(created.Id), 403);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymous()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        await ShouldFailAsync(() => AnonymousListings.GetListingStatsAsync(created.Id), 401);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheListingDoesNotExist()
    {
        var ann = await RegisterAndLoginAsync();

        await ShouldFailAsync(() => ListingsOf(ann).GetListingStatsAsync(Guid.CreateVersion7()), 404);
    }
}
