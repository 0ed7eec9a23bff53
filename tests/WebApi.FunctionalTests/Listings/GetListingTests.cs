using System.Net;
using System.Text.Json;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class GetListingTests(WebApiFactory factory) : ListingTestBase(factory)
{
    private Task<long> StoredViewCountAsync(Guid listingId) =>
        Factory.QueryAsync(db => db.Listings.AsNoTracking().Where(l => l.Id == listingId).Select(l => l.ViewCount).SingleAsync());

    [Fact]
    public async Task ShouldReturnEverything_WhenAnyoneOpensAListing()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        var listing = await AnonymousListings.GetListingAsync(created.Id);

        listing.Title.ShouldBe(created.Title);
        listing.Description.ShouldBe(created.Description);
        listing.Price.ShouldBe(950m);
        listing.Address.Street_address.ShouldBe("6500 Del Playa Dr");
        listing.Property.Bathrooms.ShouldBe(1.5m);
        listing.Version.ShouldBe(created.Version);
        listing.Created_at.ShouldBe(created.Created_at);
    }

    [Fact]
    public async Task ShouldListImagesInTheirOrder_WhenTheListingHasPhotos()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var first = await AddPhotoAsync(ann, created.Id);
        var second = await AddPhotoAsync(ann, created.Id);
        var third = await AddPhotoAsync(ann, created.Id);
        await ListingsOf(ann).ReorderListingImagesAsync(created.Id, new ImageOrderInput { Image_ids = [third.Image_id, first.Image_id, second.Image_id] });

        var listing = await AnonymousListings.GetListingAsync(created.Id);

        listing.Images.Select(i => i.Image_id).ShouldBe([third.Image_id, first.Image_id, second.Image_id]);
        listing.Images.Select(i => i.Position).ShouldBe([0, 1, 2]);
    }

    [Fact]
    public async Task ShouldShowTheOwnersPublicProfileWithoutEmail_WhenSomeoneElseOpensIt()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);

        using var response = await bob.Http.GetAsync($"/api/listings/{created.Id}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var owner = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("owner");
        owner.GetProperty("id").GetGuid().ShouldBe(ann.Id);
        owner.GetProperty("first_name").GetString().ShouldBe("Ann");
        owner.TryGetProperty("email", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheListingDoesNotExist()
    {
        var ann = await RegisterAndLoginAsync();

        await ShouldFailAsync(() => ListingsOf(ann).GetListingAsync(Guid.CreateVersion7()), 404);
    }

    [Fact]
    public async Task ShouldCountTheView_WhenSomeoneElseOpensIt()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);

        var seen = await ListingsOf(bob).GetListingAsync(created.Id);

        seen.View_count.ShouldBe(1);
        (await StoredViewCountAsync(created.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldNotCountTheView_WhenTheOwnerOpensIt()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        var seen = await ListingsOf(ann).GetListingAsync(created.Id);
        await ListingsOf(ann).GetListingAsync(created.Id);

        seen.View_count.ShouldBe(0);
        (await StoredViewCountAsync(created.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldCountASignedInViewerOnce_WhenTheyOpenItAgainWithin24Hours()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);

        await ListingsOf(bob).GetListingAsync(created.Id);
        var again = await ListingsOf(bob).GetListingAsync(created.Id);
        await ListingsOf(bob).GetListingAsync(created.Id);

        again.View_count.ShouldBe(1);
        (await StoredViewCountAsync(created.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldCountOnce_WhenTheSameSignedInViewerOpensItSeveralTimesAtOnce()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ListingsOf(bob).GetListingAsync(created.Id)));

        (await StoredViewCountAsync(created.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldCountASignedInViewerAgain_WhenTheirLastCountedViewIsOver24HoursOld()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        await ListingsOf(bob).GetListingAsync(created.Id);
        await Factory.QueryAsync(db => db.ListingViews
            .Where(v => v.ListingId == created.Id && v.ViewerId == bob.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(v => v.CountedAt, DateTimeOffset.UtcNow.AddHours(-25))));

        var later = await ListingsOf(bob).GetListingAsync(created.Id);

        later.View_count.ShouldBe(2);
        (await StoredViewCountAsync(created.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task ShouldCountEveryView_WhenTheViewerIsAnonymous()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        await AnonymousListings.GetListingAsync(created.Id);
        var second = await AnonymousListings.GetListingAsync(created.Id);

        second.View_count.ShouldBe(2);
        (await StoredViewCountAsync(created.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task ShouldCountDistinctViewersSeparately_WhenTwoUsersOpenIt()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var created = await CreateListingAsync(ann);

        await ListingsOf(bob).GetListingAsync(created.Id);
        await ListingsOf(carol).GetListingAsync(created.Id);

        (await StoredViewCountAsync(created.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task ShouldTellTheViewerTheySavedIt_WhenSignedIn()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        await bob.Users.AddInterestAsync(bob.Id, created.Id);

        var asBob = await ListingsOf(bob).GetListingAsync(created.Id);
        var asAnonymous = await AnonymousListings.GetListingAsync(created.Id);

        asBob.Is_favorite.ShouldBe(true);
        asBob.Favorite_count.ShouldBe(1);
        asAnonymous.Is_favorite.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldStillShowARentedListing_WhenSomeoneElseOpensIt()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        await ListingsOf(ann).SetListingStatusAsync(created.Id, new ListingStatusInput { Status = ListingStatus.Rented });

        var seen = await ListingsOf(bob).GetListingAsync(created.Id);

        seen.Status.ShouldBe(ListingStatus.Rented);
    }
}
