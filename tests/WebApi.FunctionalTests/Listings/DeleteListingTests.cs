using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class DeleteListingTests(WebApiFactory factory) : ListingTestBase(factory)
{
    private Task<bool> ExistsAsync(Guid id) => Factory.QueryAsync(db => db.Listings.AnyAsync(l => l.Id == id));

    [Fact]
    public async Task ShouldDeleteTheListing_WhenTheOwnerDeletesIt()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        await ListingsOf(ann).DeleteListingAsync(created.Id);

        (await ExistsAsync(created.Id)).ShouldBeFalse();
        await ShouldFailAsync(() => ListingsOf(ann).GetListingAsync(created.Id), 404);
    }

    [Fact]
    public async Task ShouldForbidAndKeepTheListing_WhenSomeoneElseDeletesIt()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        var photo = await AddPhotoAsync(ann, created.Id);

        await ShouldFailAsync(() => ListingsOf(bob).DeleteListingAsync(created.Id), 403);

        (await ExistsAsync(created.Id)).ShouldBeTrue();
        File.Exists(FileOf(photo.Url)).ShouldBeTrue();
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymous()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        await ShouldFailAsync(() => AnonymousListings.DeleteListingAsync(created.Id), 401);

        (await ExistsAsync(created.Id)).ShouldBeTrue();
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheListingDoesNotExist()
    {
        var ann = await RegisterAndLoginAsync();

        await ShouldFailAsync(() => ListingsOf(ann).DeleteListingAsync(Guid.CreateVersion7()), 404);
    }

    [Fact]
    public async Task ShouldRemoveItsImageRowsAndFiles_WhenTheListingIsDeleted()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var first = await AddPhotoAsync(ann, created.Id);
        var second = await AddPhotoAsync(ann, created.Id);
        File.Exists(FileOf(first.Url)).ShouldBeTrue();

        await ListingsOf(ann).DeleteListingAsync(created.Id);

        (await Factory.QueryAsync(db => db.ListingImages.CountAsync())).ShouldBe(0);
        File.Exists(FileOf(first.Url)).ShouldBeFalse();
        File.Exists(FileOf(second.Url)).ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldStopServingItsPhotos_WhenTheListingIsDeleted()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var photo = await AddPhotoAsync(ann, created.Id);

        await ListingsOf(ann).DeleteListingAsync(created.Id);

        using var response = await Factory.CreateClient().GetAsync(photo.Url);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ShouldKeepTheOwnersUnattachedUploads_WhenAListingIsDeleted()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var upload = await UploadAsync(ann);

        await ListingsOf(ann).DeleteListingAsync(created.Id);

        (await Factory.QueryAsync(db => db.ListingImages.CountAsync())).ShouldBe(1);
        File.Exists(FileOf(upload)).ShouldBeTrue();
    }

    [Fact]
    public async Task ShouldRemoveItsFavorites_WhenTheListingIsDeleted()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        var kept = await CreateListingAsync(ann);
        await bob.Users.AddInterestAsync(bob.Id, created.Id);
        await bob.Users.AddInterestAsync(bob.Id, kept.Id);

        await ListingsOf(ann).DeleteListingAsync(created.Id);

        (await Factory.QueryAsync(db => db.Favorites.AnyAsync(f => f.ListingId == created.Id))).ShouldBeFalse();
        (await bob.Users.ListInterestsAsync(bob.Id)).Items.Select(i => i.Id).ShouldBe([kept.Id]);
    }

    [Fact]
    public async Task ShouldRemoveItsViewRecords_WhenTheListingIsDeleted()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        await ListingsOf(bob).GetListingAsync(created.Id);

        await ListingsOf(ann).DeleteListingAsync(created.Id);

        (await Factory.QueryAsync(db => db.ListingViews.CountAsync())).ShouldBe(0);
    }
}
