using System.Globalization;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class SearchListingsPagingTests(WebApiFactory factory) : ListingTestBase(factory)
{
    private const string Near = "34.4133,-119.8610";

    // Prices and places with ties in both, so that paging must break ties by id.
    private static readonly (decimal Price, double Latitude, double Longitude)[] Seeds =
    [
        (900, 34.4133, -119.8610),
        (500, 34.4200, -119.8500),
        (900, 34.4300, -119.8400),
        (1500, 34.4200, -119.8500),
        (500, 34.4000, -119.8700),
        (900, 34.4133, -119.8610),
        (700, 34.4500, -119.8000),
    ];

    private static Guid[] Ids(PageOfListingSummaryDto page) => [.. page.Items.Select(i => i.Id)];

    private static async Task<List<ListingDto>> SeedAsync(SignedInUser owner)
    {
        var listings = new List<ListingDto>();
        foreach (var (price, latitude, longitude) in Seeds)
        {
            listings.Add(await CreateListingAsync(owner, c =>
            {
                c.Listing!.Price = price;
                c.Address!.Latitude = latitude;
                c.Address.Longitude = longitude;
            }));
        }

        return listings;
    }

    private static Task<PageOfListingSummaryDto> SearchAsync(ListingsClient client, string sort, int limit, string? cursor = null) =>
        sort == "distance"
            ? client.SearchListingsAsync(near: Near, radius_km: 50, sort: sort, limit: limit, cursor: cursor)
            : client.SearchListingsAsync(sort: sort, limit: limit, cursor: cursor);

    private static async Task<List<Guid>> WalkAsync(ListingsClient client, string sort, int limit, string? cursor = null)
    {
        var ids = new List<Guid>();
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await SearchAsync(client, sort, limit, cursor);
            page.Items.Count.ShouldBeLessThanOrEqualTo(limit);
            ids.AddRange(Ids(page));
            cursor = page.Next_cursor;
            if (cursor is null)
            {
                return ids;
            }
        }

        throw new ShouldAssertException("Paging did not end after 100 pages.");
    }

    private static string Key(Guid id) => id.ToString();

    [Fact]
    public async Task ShouldListNewestFirst_WhenNoSortIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var listings = await SeedAsync(ann);

        var page = await AnonymousListings.SearchListingsAsync();

        Ids(page).ShouldBe(listings.Select(l => l.Id).Reverse());
    }

    [Fact]
    public async Task ShouldListCheapestFirst_WhenSortIsPriceAsc()
    {
        var ann = await RegisterAndLoginAsync();
        var listings = await SeedAsync(ann);

        var page = await AnonymousListings.SearchListingsAsync(sort: "price_asc");

        Ids(page).ShouldBe(listings.OrderBy(l => l.Price).ThenBy(l => Key(l.Id), StringComparer.Ordinal).Select(l => l.Id));
    }

    [Fact]
    public async Task ShouldListDearestFirst_WhenSortIsPriceDesc()
    {
        var ann = await RegisterAndLoginAsync();
        var listings = await SeedAsync(ann);

        var page = await AnonymousListings.SearchListingsAsync(sort: "price_desc");

        Ids(page).ShouldBe(listings.OrderByDescending(l => l.Price).ThenByDescending(l => Key(l.Id), StringComparer.Ordinal).Select(l => l.Id));
    }

    [Theory]
    [InlineData("newest")]
    [InlineData("price_asc")]
    [InlineData("price_desc")]
    [InlineData("distance")]
    public async Task ShouldVisitEveryListingOnceInOrder_WhenWalkingPagesOfTwo(string sort)
    {
        var ann = await RegisterAndLoginAsync();
        await SeedAsync(ann);
        var all = Ids(await SearchAsync(AnonymousListings, sort, limit: 100));

        var walked = await WalkAsync(AnonymousListings, sort, limit: 2);

        all.Length.ShouldBe(Seeds.Length);
        walked.ShouldBe(all);
    }

    [Theory]
    [InlineData("newest")]
    [InlineData("price_asc")]
    [InlineData("price_desc")]
    [InlineData("distance")]
    public async Task ShouldNeitherRepeatNorSkipAListing_WhenOneIsInsertedBetweenPages(string sort)
    {
        var ann = await RegisterAndLoginAsync();
        var original = (await SeedAsync(ann)).Select(l => l.Id).ToList();
        var first = await SearchAsync(AnonymousListings, sort, limit: 2);

        var inserted = await CreateListingAsync(ann, c => c.Listing!.Price = 800);
        var rest = await WalkAsync(AnonymousListings, sort, limit: 2, first.Next_cursor);

        var seen = Ids(first).Concat(rest).ToList();
        seen.ShouldBeUnique();
        seen.Where(id => id != inserted.Id).ShouldBe(original, ignoreOrder: true);
    }

    [Theory]
    [InlineData("newest", "-119.90,34.39,-119.79,34.46")]
    [InlineData("price_asc", "-119.90,34.39,-119.79,34.46")]
    [InlineData("price_desc", "-119.90,34.39,-119.79,34.46")]
    [InlineData("newest", "-119.875,34.395,-119.855,34.415")]
    [InlineData("price_asc", "-119.875,34.395,-119.855,34.415")]
    [InlineData("price_desc", "-119.875,34.395,-119.855,34.415")]
    public async Task ShouldVisitEveryListingInTheBoxOnceInOrder_WhenWalkingPagesOfTwo(string sort, string bbox)
    {
        // The first box holds all seven listings, more than the search fetches whole; the second holds three
        // of them, which it fetches whole and sorts in memory. Both must page in the same order as the database.
        var ann = await RegisterAndLoginAsync();
        var listings = await SeedAsync(ann);
        var box = bbox.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var inBox = listings.Where(l => l.Address.Longitude >= box[0] && l.Address.Latitude >= box[1]
            && l.Address.Longitude <= box[2] && l.Address.Latitude <= box[3]).ToList();
        var expected = sort switch
        {
            "price_asc" => inBox.OrderBy(l => l.Price).ThenBy(l => Key(l.Id), StringComparer.Ordinal),
            "price_desc" => inBox.OrderByDescending(l => l.Price).ThenByDescending(l => Key(l.Id), StringComparer.Ordinal),
            _ => inBox.OrderByDescending(l => Key(l.Id), StringComparer.Ordinal),
        };

        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await AnonymousListings.SearchListingsAsync(bbox: bbox, sort: sort, limit: 2, cursor: cursor);
            ids.AddRange(Ids(page));
            cursor = page.Next_cursor;
        }
        while (cursor is not null && ids.Count <= Seeds.Length);

        (inBox.Count is 3 or 7).ShouldBeTrue($"{inBox.Count} listings in the box");
        ids.ShouldBe(expected.Select(l => l.Id));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task ShouldFindEveryMatchNewestFirst_WhenTheMatchesLieOnBothSidesOfTheScanWindow(int limit)
    {
        // Twelve listings, oldest first; every third mentions a loft. Newest first, the search checks the newest
        // few word by word and asks the full-text index for older ones, page after page.
        var ann = await RegisterAndLoginAsync();
        var lofts = new List<Guid>();
        for (var i = 0; i < 4 * WebApiFactory.TextScanWindow; i++)
        {
            var loft = i % 3 == 0;
            var listing = await CreateListingAsync(ann, c => c.Listing!.Description = loft ? $"Sunny loft number {i}" : $"Plain room number {i}");
            if (loft)
            {
                lofts.Add(listing.Id);
            }
        }

        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await AnonymousListings.SearchListingsAsync(q: "loft", limit: limit, cursor: cursor);
            page.Items.Count.ShouldBeLessThanOrEqualTo(limit);
            ids.AddRange(Ids(page));
            cursor = page.Next_cursor;
        }
        while (cursor is not null && ids.Count <= lofts.Count);

        ids.ShouldBe(Enumerable.Reverse(lofts));
    }

    [Fact]
    public async Task ShouldNotShowAListingCreatedAfterTheFirstPage_WhenWalkingNewestFirst()
    {
        var ann = await RegisterAndLoginAsync();
        await SeedAsync(ann);
        var first = await AnonymousListings.SearchListingsAsync(limit: 3);

        var inserted = await CreateListingAsync(ann);
        var rest = await WalkAsync(AnonymousListings, "newest", limit: 3, first.Next_cursor);

        rest.ShouldNotContain(inserted.Id);
    }

    [Fact]
    public async Task ShouldReturnNoCursor_WhenThePageIsTheLast()
    {
        var ann = await RegisterAndLoginAsync();
        await CreateListingAsync(ann);
        await CreateListingAsync(ann);

        var exact = await AnonymousListings.SearchListingsAsync(limit: 2);

        exact.Items.Count.ShouldBe(2);
        exact.Next_cursor.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldReturn20Listings_WhenNoLimitIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        for (var i = 0; i < 21; i++)
        {
            await CreateListingAsync(ann);
        }

        var page = await AnonymousListings.SearchListingsAsync();

        page.Items.Count.ShouldBe(20);
        page.Next_cursor.ShouldNotBeNull();
    }

    [Fact]
    public async Task ShouldAnswer400NamingCursor_WhenTheCursorBelongsToAnotherSort()
    {
        var ann = await RegisterAndLoginAsync();
        await SeedAsync(ann);
        var byPrice = await AnonymousListings.SearchListingsAsync(sort: "price_asc", limit: 2);

        var ex = await ShouldFailAsync(() => AnonymousListings.SearchListingsAsync(sort: "newest", limit: 2, cursor: byPrice.Next_cursor), 400);

        ErrorFields(ex).ShouldBe(["cursor"]);
    }

    [Fact]
    public async Task ShouldLeaveIsFavoriteOut_WhenTheCallerIsAnonymous()
    {
        var ann = await RegisterAndLoginAsync();
        await CreateListingAsync(ann);

        var item = (await AnonymousListings.SearchListingsAsync()).Items.ShouldHaveSingleItem();

        item.Is_favorite.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldTellWhetherYouSavedEachListing_WhenSignedIn()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var saved = await CreateListingAsync(ann);
        var notSaved = await CreateListingAsync(ann);
        await bob.Users.AddInterestAsync(bob.Id, saved.Id);

        var page = await ListingsOf(bob).SearchListingsAsync();

        page.Items.Single(i => i.Id == saved.Id).Is_favorite.ShouldBe(true);
        page.Items.Single(i => i.Id == notSaved.Id).Is_favorite.ShouldBe(false);
    }

    [Fact]
    public async Task ShouldCountFavoritesAndShowTheCover_WhenListingASummary()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var carol = await RegisterAndLoginAsync("carol@example.edu", "Carol");
        var listing = await CreateListingAsync(ann);
        var photo = await AddPhotoAsync(ann, listing.Id);
        await bob.Users.AddInterestAsync(bob.Id, listing.Id);
        await carol.Users.AddInterestAsync(carol.Id, listing.Id);

        var item = (await AnonymousListings.SearchListingsAsync()).Items.ShouldHaveSingleItem();

        item.Favorite_count.ShouldBe(2);
        item.Cover_image_url.ShouldBe(photo.Url);
    }
}
