using System.Net;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class FavoriteTests(WebApiFactory factory) : ListingTestBase(factory)
{
    private static string InterestPath(Guid userId, Guid listingId) => $"/api/users/{userId}/interests/{listingId}";

    private Task<int> FavoriteRowsAsync() => Factory.QueryAsync(db => db.Favorites.CountAsync());

    [Fact]
    public async Task ShouldAnswer201_WhenSavingAListingTheFirstTime()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(ann);

        using var response = await bob.Http.PostAsync(InterestPath(bob.Id, listing.Id), content: null);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var stored = await Factory.QueryAsync(db => db.Favorites.AsNoTracking().SingleAsync());
        stored.UserId.ShouldBe(bob.Id);
        stored.ListingId.ShouldBe(listing.Id);
    }

    [Fact]
    public async Task ShouldAnswer200AndKeepOneFavorite_WhenSavingAnAlreadySavedListing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(ann);
        (await bob.Http.PostAsync(InterestPath(bob.Id, listing.Id), content: null)).Dispose();

        using var response = await bob.Http.PostAsync(InterestPath(bob.Id, listing.Id), content: null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await FavoriteRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldSaveOnceAndAnswer201Once_WhenTheSameListingIsSavedTwiceAtOnce()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(ann);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => bob.Http.PostAsync(InterestPath(bob.Id, listing.Id), content: null)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(3);
        (await FavoriteRowsAsync()).ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ShouldReturnTheSavedListing_WhenSavingThroughTheClient()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(ann);

        var saved = await bob.Users.AddInterestAsync(bob.Id, listing.Id);

        saved.Id.ShouldBe(listing.Id);
        saved.Is_favorite.ShouldBe(true);
        saved.Favorite_count.ShouldBe(1);
    }

    [Fact]
    public async Task ShouldAnswer204ThenForget_WhenRemovingASavedListing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(ann);
        await bob.Users.AddInterestAsync(bob.Id, listing.Id);

        using var response = await bob.Http.DeleteAsync(InterestPath(bob.Id, listing.Id));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await FavoriteRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenRemovingAListingThatIsNotSaved()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(ann);
        await bob.Users.AddInterestAsync(bob.Id, listing.Id);
        await bob.Users.RemoveInterestAsync(bob.Id, listing.Id);

        await ShouldFailAsync(() => bob.Users.RemoveInterestAsync(bob.Id, listing.Id), 404);
    }

    [Fact]
    public async Task ShouldListYourSavedListingsMostRecentFirst_WhenReadingYourOwnInterests()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var first = await CreateListingAsync(ann);
        var second = await CreateListingAsync(ann);
        await CreateListingAsync(ann);
        await bob.Users.AddInterestAsync(bob.Id, second.Id);
        await bob.Users.AddInterestAsync(bob.Id, first.Id);

        var page = await bob.Users.ListInterestsAsync(bob.Id);

        page.Items.Select(i => i.Id).ShouldBe([first.Id, second.Id]);
        page.Items.ShouldAllBe(i => i.Is_favorite == true);
        page.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldVisitEverySavedListingOnce_WhenWalkingInterestsOneAtATime()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var saved = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var listing = await CreateListingAsync(ann);
            await bob.Users.AddInterestAsync(bob.Id, listing.Id);
            saved.Insert(0, listing.Id);
        }

        var walked = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await bob.Users.ListInterestsAsync(bob.Id, limit: 1, cursor: cursor);
            walked.AddRange(page.Items.Select(i => i.Id));
            cursor = page.Next_cursor;
        }
        while (cursor is not null && walked.Count < 10);

        walked.ShouldBe(saved);
    }

    [Fact]
    public async Task ShouldForbid_WhenReadingSomeoneElsesInterests()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        await ShouldFailAsync(() => bob.Users.ListInterestsAsync(ann.Id), 403);
    }

    [Fact]
    public async Task ShouldForbidAndSaveNothing_WhenSavingForSomeoneElse()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(bob);

        await ShouldFailAsync(() => bob.Users.AddInterestAsync(ann.Id, listing.Id), 403);

        (await FavoriteRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldForbidAndKeepTheFavorite_WhenRemovingForSomeoneElse()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(bob);
        await ann.Users.AddInterestAsync(ann.Id, listing.Id);

        await ShouldFailAsync(() => bob.Users.RemoveInterestAsync(ann.Id, listing.Id), 403);

        (await FavoriteRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenSavingAnUnknownListing()
    {
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        await ShouldFailAsync(() => bob.Users.AddInterestAsync(bob.Id, Guid.CreateVersion7()), 404);

        (await FavoriteRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenSavingSomeoneElsesArchivedListing()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(ann);
        await ListingsOf(ann).SetListingStatusAsync(listing.Id, new ListingStatusInput { Status = ListingStatus.Archived });

        await ShouldFailAsync(() => bob.Users.AddInterestAsync(bob.Id, listing.Id), 404);
    }

    [Fact]
    public async Task ShouldHideASavedListing_WhenItsOwnerArchivesIt()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var listing = await CreateListingAsync(ann);
        await bob.Users.AddInterestAsync(bob.Id, listing.Id);

        await ListingsOf(ann).SetListingStatusAsync(listing.Id, new ListingStatusInput { Status = ListingStatus.Archived });

        (await bob.Users.ListInterestsAsync(bob.Id)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymousSaves()
    {
        var ann = await RegisterAndLoginAsync();
        var listing = await CreateListingAsync(ann);

        using var response = await Factory.CreateClient().PostAsync(InterestPath(ann.Id, listing.Id), content: null);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await FavoriteRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymousReadsInterests()
    {
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        await ShouldFailAsync(() => new UsersClient(Factory.CreateClient()).ListInterestsAsync(bob.Id), 401);
    }

    [Fact]
    public async Task ShouldAnswer400NamingLimit_WhenTheInterestsLimitIsOutOfRange()
    {
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");

        var ex = await ShouldFailAsync(() => bob.Users.ListInterestsAsync(bob.Id, limit: 0), 400);

        ErrorFields(ex).ShouldBe(["limit"]);
    }
}
