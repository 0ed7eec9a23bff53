using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class ListingStatusTests(WebApiFactory factory) : ListingTestBase(factory)
{
    private static ListingStatusInput To(ListingStatus status) => new() { Status = status };

    private Task<Domain.Listings.ListingStatus> StoredStatusAsync(Guid id) =>
        Factory.QueryAsync(db => db.Listings.AsNoTracking().Where(l => l.Id == id).Select(l => l.Status).SingleAsync());

    [Theory]
    [InlineData(ListingStatus.Rented, Domain.Listings.ListingStatus.Rented)]
    [InlineData(ListingStatus.Archived, Domain.Listings.ListingStatus.Archived)]
    public async Task ShouldChangeTheStatus_WhenTheOwnerSetsIt(ListingStatus status, Domain.Listings.ListingStatus stored)
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        var updated = await ListingsOf(ann).SetListingStatusAsync(created.Id, To(status));

        updated.Status.ShouldBe(status);
        updated.Version.ShouldBe(created.Version + 1);
        (await StoredStatusAsync(created.Id)).ShouldBe(stored);
    }

    [Fact]
    public async Task ShouldMakeTheListingSearchableAgain_WhenSetBackToActive()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        await ListingsOf(ann).SetListingStatusAsync(created.Id, To(ListingStatus.Rented));

        await ListingsOf(ann).SetListingStatusAsync(created.Id, To(ListingStatus.Active));

        (await AnonymousListings.SearchListingsAsync()).Items.Select(i => i.Id).ShouldBe([created.Id]);
    }

    [Fact]
    public async Task ShouldForbidAndChangeNothing_WhenSomeoneElseSetsIt()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);

        await ShouldFailAsync(() => ListingsOf(bob).SetListingStatusAsync(created.Id, To(ListingStatus.Archived)), 403);

        (await StoredStatusAsync(created.Id)).ShouldBe(Domain.Listings.ListingStatus.Active);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheListingDoesNotExist()
    {
        var ann = await RegisterAndLoginAsync();

        await ShouldFailAsync(() => ListingsOf(ann).SetListingStatusAsync(Guid.CreateVersion7(), To(ListingStatus.Rented)), 404);
    }

    [Theory]
    [InlineData("{\"status\":\"sold\"}")]
    [InlineData("{\"status\":1}")]
    [InlineData("{}")]
    [InlineData("{\"status\":null}")]
    public async Task ShouldAnswer400NamingStatus_WhenTheStatusIsUnknownOrMissing(string body)
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        using var response = await ann.Http.PutAsync($"/api/listings/{created.Id}/status", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["status"]);
        (await StoredStatusAsync(created.Id)).ShouldBe(Domain.Listings.ListingStatus.Active);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenSomeoneElseOpensAnArchivedListing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        await ListingsOf(ann).SetListingStatusAsync(created.Id, To(ListingStatus.Archived));

        await ShouldFailAsync(() => ListingsOf(bob).GetListingAsync(created.Id), 404);
        await ShouldFailAsync(() => AnonymousListings.GetListingAsync(created.Id), 404);
    }

    [Fact]
    public async Task ShouldShowAnArchivedListing_WhenItsOwnerOpensIt()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        await ListingsOf(ann).SetListingStatusAsync(created.Id, To(ListingStatus.Archived));

        var seen = await ListingsOf(ann).GetListingAsync(created.Id);

        seen.Status.ShouldBe(ListingStatus.Archived);
    }

    [Fact]
    public async Task ShouldNotCountAView_WhenAnArchivedListingIsRefused()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        await ListingsOf(ann).SetListingStatusAsync(created.Id, To(ListingStatus.Archived));

        await ShouldFailAsync(() => AnonymousListings.GetListingAsync(created.Id), 404);

        (await Factory.QueryAsync(db => db.Listings.AsNoTracking().SingleAsync(l => l.Id == created.Id))).ViewCount.ShouldBe(0);
    }
}
