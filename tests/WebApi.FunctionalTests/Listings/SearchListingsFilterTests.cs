using System.Text.Json.Nodes;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class SearchListingsFilterTests(WebApiFactory factory) : ListingTestBase(factory)
{
    // Places around campus, with their great-circle distance from the middle of Isla Vista.
    private const double GoletaLatitude = 34.4358;
    private const double GoletaLongitude = -119.8276;
    private const double SantaBarbaraLatitude = 34.4208;
    private const double SantaBarbaraLongitude = -119.6982;
    private const double LosAngelesLatitude = 34.0522;
    private const double LosAngelesLongitude = -118.2437;

    private static Guid[] Ids(PageOfListingSummaryDto page) => [.. page.Items.Select(i => i.Id)];

    private static Task<ListingDto> ListingAt(SignedInUser owner, string title, double? latitude, double? longitude) =>
        CreateListingAsync(owner, c =>
        {
            c.Listing!.Title = title;
            c.Address!.Latitude = latitude;
            c.Address.Longitude = longitude;
        });

    /// <summary>Haversine distance in km, the way the search computes it.</summary>
    private static double DistanceKm(double lat1, double lng1, double lat2, double lng2)
    {
        const double radians = Math.PI / 180;
        var dLat = (lat2 - lat1) * radians;
        var dLng = (lng2 - lng1) * radians;
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(lat1 * radians) * Math.Cos(lat2 * radians) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2));
        return 2 * 6371.0088 * Math.Asin(Math.Sqrt(a));
    }

    [Fact]
    public async Task ShouldReturnListingsAtOrAbovePriceMin_WhenPriceMinIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        await CreateListingAsync(ann, c => c.Listing!.Price = 500);
        var at = await CreateListingAsync(ann, c => c.Listing!.Price = 900);
        var above = await CreateListingAsync(ann, c => c.Listing!.Price = 1500);

        var page = await AnonymousListings.SearchListingsAsync(price_min: 900);

        Ids(page).ShouldBe([at.Id, above.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldReturnListingsAtOrBelowPriceMax_WhenPriceMaxIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var below = await CreateListingAsync(ann, c => c.Listing!.Price = 500);
        var at = await CreateListingAsync(ann, c => c.Listing!.Price = 900);
        await CreateListingAsync(ann, c => c.Listing!.Price = 1500);

        var page = await AnonymousListings.SearchListingsAsync(price_max: 900);

        Ids(page).ShouldBe([below.Id, at.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldReturnOnlyExactBedroomCounts_WhenBedroomsIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        await CreateListingAsync(ann, c => c.Property!.Bedrooms = 1);
        var two = await CreateListingAsync(ann, c => c.Property!.Bedrooms = 2);
        await CreateListingAsync(ann, c => c.Property!.Bedrooms = 3);

        var page = await AnonymousListings.SearchListingsAsync(bedrooms: 2);

        Ids(page).ShouldBe([two.Id]);
    }

    [Fact]
    public async Task ShouldReturnListingsWithAtLeastThatManyBedrooms_WhenBedroomsMinIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        await CreateListingAsync(ann, c => c.Property!.Bedrooms = 1);
        var two = await CreateListingAsync(ann, c => c.Property!.Bedrooms = 2);
        var three = await CreateListingAsync(ann, c => c.Property!.Bedrooms = 3);

        var page = await AnonymousListings.SearchListingsAsync(bedrooms_min: 2);

        Ids(page).ShouldBe([two.Id, three.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldReturnListingsWithAtLeastThatManyBathrooms_WhenBathroomsMinIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        await CreateListingAsync(ann, c => c.Property!.Bathrooms = 1);
        var oneAndAHalf = await CreateListingAsync(ann, c => c.Property!.Bathrooms = 1.5m);
        var two = await CreateListingAsync(ann, c => c.Property!.Bathrooms = 2);

        var page = await AnonymousListings.SearchListingsAsync(bathrooms_min: 1.5m);

        Ids(page).ShouldBe([oneAndAHalf.Id, two.Id], ignoreOrder: true);
    }

    [Theory]
    [InlineData("Isla Vista")]
    [InlineData("isla vista")]
    [InlineData("ISLA VISTA")]
    [InlineData("  Isla Vista ")]
    public async Task ShouldMatchTheCityIgnoringCase_WhenCityIsGiven(string city)
    {
        var ann = await RegisterAndLoginAsync();
        var islaVista = await CreateListingAsync(ann, c => c.Address!.City = "Isla Vista");
        await CreateListingAsync(ann, c => c.Address!.City = "Goleta");

        var page = await AnonymousListings.SearchListingsAsync(city: city);

        Ids(page).ShouldBe([islaVista.Id]);
    }

    [Fact]
    public async Task ShouldReturnOnlyThatKind_WhenPropertyTypeIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        await CreateListingAsync(ann, c => c.Property!.Property_type = PropertyType.Apartment);
        var studio = await CreateListingAsync(ann, c => c.Property!.Property_type = PropertyType.Studio);

        var page = await AnonymousListings.SearchListingsAsync(property_type: "studio");

        Ids(page).ShouldBe([studio.Id]);
    }

    [Fact]
    public async Task ShouldReturnListingsAvailableOnOrBeforeIt_WhenStartDateIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var january = await CreateListingAsync(ann, c => c.Listing!.Start_date = ListingTestData.Date(2027, 1, 1));
        var march = await CreateListingAsync(ann, c => c.Listing!.Start_date = ListingTestData.Date(2027, 3, 1));

        var beforeMarch = await AnonymousListings.SearchListingsAsync(start_date: ListingTestData.Date(2027, 2, 1));
        var onMarchFirst = await AnonymousListings.SearchListingsAsync(start_date: ListingTestData.Date(2027, 3, 1));

        Ids(beforeMarch).ShouldBe([january.Id]);
        Ids(onMarchFirst).ShouldBe([january.Id, march.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldReturnListingsAvailableThroughIt_WhenEndDateIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var june = await CreateListingAsync(ann, c => c.Listing!.End_date = ListingTestData.Date(2027, 6, 30));
        var august = await CreateListingAsync(ann, c => c.Listing!.End_date = ListingTestData.Date(2027, 8, 31));

        var throughJuly = await AnonymousListings.SearchListingsAsync(end_date: ListingTestData.Date(2027, 7, 31));
        var throughJuneEnd = await AnonymousListings.SearchListingsAsync(end_date: ListingTestData.Date(2027, 6, 30));

        Ids(throughJuly).ShouldBe([august.Id]);
        Ids(throughJuneEnd).ShouldBe([june.Id, august.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldReturnListingsWithAtMostThatManyRoommates_WhenRoommatesMaxIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var none = await CreateListingAsync(ann, c => c.Listing!.Roommates = 0);
        var one = await CreateListingAsync(ann, c => c.Listing!.Roommates = 1);
        await CreateListingAsync(ann, c => c.Listing!.Roommates = 3);

        var page = await AnonymousListings.SearchListingsAsync(roommates_max: 1);

        Ids(page).ShouldBe([none.Id, one.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldRequireEveryAmenity_WhenAmenitiesAreGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var both = await CreateListingFromJsonAsync(ann, b => b["listing"]!["amenities"] = new JsonArray("wifi", "parking", "gas"));
        await CreateListingFromJsonAsync(ann, b => b["listing"]!["amenities"] = new JsonArray("wifi"));
        await CreateListingFromJsonAsync(ann, b => b["listing"]!["amenities"] = new JsonArray("parking"));
        await CreateListingFromJsonAsync(ann, b => b["listing"]!["amenities"] = new JsonArray());

        var ids = await SearchIdsAsync("amenities=wifi,parking");

        ids.ShouldBe([both]);
    }

    [Fact]
    public async Task ShouldRequireEveryAmenity_WhenFourOrMoreAreGiven()
    {
        // Four or more required amenities are searched as the list of sets that include them all.
        var ann = await RegisterAndLoginAsync();
        var exactly = await CreateListingFromJsonAsync(ann, b => b["listing"]!["amenities"] = new JsonArray("wifi", "parking", "gas", "pets_allowed"));
        var more = await CreateListingFromJsonAsync(ann, b => b["listing"]!["amenities"] =
            new JsonArray("wifi", "water", "electricity", "gas", "trash", "laundry", "parking", "furnished", "air_conditioning", "pets_allowed", "private_bathroom"));
        await CreateListingFromJsonAsync(ann, b => b["listing"]!["amenities"] = new JsonArray("wifi", "parking", "gas", "laundry", "furnished"));
        await CreateListingFromJsonAsync(ann, b => b["listing"]!["amenities"] = new JsonArray("pets_allowed"));

        var ids = await SearchIdsAsync("amenities=pets_allowed,gas,parking,wifi");

        ids.ShouldBe([exactly, more], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldReturnOnlyListingsWithinTheRadius_WhenNearAndRadiusAreGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var islaVista = await ListingAt(ann, "Isla Vista", ListingTestData.IslaVistaLatitude, ListingTestData.IslaVistaLongitude);
        var goleta = await ListingAt(ann, "Goleta", GoletaLatitude, GoletaLongitude);
        await ListingAt(ann, "Santa Barbara", SantaBarbaraLatitude, SantaBarbaraLongitude);
        await ListingAt(ann, "Nowhere in particular", null, null);

        var page = await AnonymousListings.SearchListingsAsync(near: "34.4133,-119.8610", radius_km: 10);

        Ids(page).ShouldBe([islaVista.Id, goleta.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldCarryTheDistanceOfEachListing_WhenNearIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        await ListingAt(ann, "Goleta", GoletaLatitude, GoletaLongitude);

        var item = (await AnonymousListings.SearchListingsAsync(near: "34.4133,-119.8610", radius_km: 10)).Items.ShouldHaveSingleItem();

        var expected = DistanceKm(ListingTestData.IslaVistaLatitude, ListingTestData.IslaVistaLongitude, GoletaLatitude, GoletaLongitude);
        item.Distance_km.ShouldNotBeNull().ShouldBe(expected, tolerance: 0.01);
    }

    [Fact]
    public async Task ShouldLeaveDistanceOut_WhenNearIsNotGiven()
    {
        var ann = await RegisterAndLoginAsync();
        await CreateListingAsync(ann);

        var item = (await AnonymousListings.SearchListingsAsync()).Items.ShouldHaveSingleItem();

        item.Distance_km.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldUseA10KmRadius_WhenNearIsGivenWithoutRadius()
    {
        var ann = await RegisterAndLoginAsync();
        var goleta = await ListingAt(ann, "Goleta", GoletaLatitude, GoletaLongitude);
        await ListingAt(ann, "Santa Barbara", SantaBarbaraLatitude, SantaBarbaraLongitude);

        var page = await AnonymousListings.SearchListingsAsync(near: "34.4133,-119.8610");

        Ids(page).ShouldBe([goleta.Id]);
    }

    [Fact]
    public async Task ShouldOrderByDistance_WhenSortIsDistance()
    {
        var ann = await RegisterAndLoginAsync();
        var santaBarbara = await ListingAt(ann, "Santa Barbara", SantaBarbaraLatitude, SantaBarbaraLongitude);
        var islaVista = await ListingAt(ann, "Isla Vista", ListingTestData.IslaVistaLatitude, ListingTestData.IslaVistaLongitude);
        var losAngeles = await ListingAt(ann, "Los Angeles", LosAngelesLatitude, LosAngelesLongitude);
        var goleta = await ListingAt(ann, "Goleta", GoletaLatitude, GoletaLongitude);

        var page = await AnonymousListings.SearchListingsAsync(near: "34.4133,-119.8610", radius_km: 100, sort: "distance");

        Ids(page).ShouldBe([islaVista.Id, goleta.Id, santaBarbara.Id]);
        page.Items.Select(i => i.Distance_km!.Value).ShouldBeInOrder(SortDirection.Ascending);
        Ids(page).ShouldNotContain(losAngeles.Id);
    }

    [Fact]
    public async Task ShouldReturnOnlyListingsInsideTheBox_WhenBboxIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var islaVista = await ListingAt(ann, "Isla Vista", ListingTestData.IslaVistaLatitude, ListingTestData.IslaVistaLongitude);
        var goleta = await ListingAt(ann, "Goleta", GoletaLatitude, GoletaLongitude);
        await ListingAt(ann, "Santa Barbara", SantaBarbaraLatitude, SantaBarbaraLongitude);
        await ListingAt(ann, "Nowhere in particular", null, null);

        var page = await AnonymousListings.SearchListingsAsync(bbox: "-119.9,34.40,-119.8,34.45");

        Ids(page).ShouldBe([islaVista.Id, goleta.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldFindAWordInTheTitleDescriptionOrStreet_WhenQIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var inTitle = await CreateListingAsync(ann, c => c.Listing!.Title = "Ocean view loft");
        var inDescription = await CreateListingAsync(ann, c => c.Listing!.Description = "You can hear the ocean at night.");
        var inStreet = await CreateListingAsync(ann, c => c.Address!.Street_address = "12 Ocean Rd");
        await CreateListingAsync(ann, c => c.Listing!.Title = "Quiet studio by the park");

        var page = await AnonymousListings.SearchListingsAsync(q: "OCEAN");

        Ids(page).ShouldBe([inTitle.Id, inDescription.Id, inStreet.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldRequireEveryWord_WhenQHoldsSeveralWords()
    {
        var ann = await RegisterAndLoginAsync();
        var both = await CreateListingAsync(ann, c => c.Listing!.Title = "Ocean view loft");
        await CreateListingAsync(ann, c => c.Listing!.Title = "Ocean breeze studio");
        await CreateListingAsync(ann, c => c.Listing!.Title = "Loft downtown");

        var page = await AnonymousListings.SearchListingsAsync(q: "loft ocean");

        Ids(page).ShouldBe([both.Id]);
    }

    [Fact]
    public async Task ShouldTakeWildcardsLiterally_WhenQHoldsPercentOrUnderscore()
    {
        var ann = await RegisterAndLoginAsync();
        var percent = await CreateListingAsync(ann, c => c.Listing!.Title = "100% furnished room");
        await CreateListingAsync(ann, c => c.Listing!.Title = "1000 square feet");
        await CreateListingAsync(ann, c => c.Listing!.Title = "Room 1_0 in the annex");

        var page = await AnonymousListings.SearchListingsAsync(q: "100%");

        Ids(page).ShouldBe([percent.Id]);
    }

    [Fact]
    public async Task ShouldTakeAnUnderscoreLiterally_WhenQHoldsOne()
    {
        var ann = await RegisterAndLoginAsync();
        var underscore = await CreateListingAsync(ann, c => c.Listing!.Title = "Room 1_0 in the annex");
        await CreateListingAsync(ann, c => c.Listing!.Title = "Room 100 in the annex");

        var page = await AnonymousListings.SearchListingsAsync(q: "1_0");

        Ids(page).ShouldBe([underscore.Id]);
    }

    [Fact]
    public async Task ShouldReturnOnlyThatOwnersListings_WhenOwnerIdIsGiven()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        await CreateListingAsync(ann);
        var bobs = await CreateListingAsync(bob);

        var page = await AnonymousListings.SearchListingsAsync(owner_id: bob.Id);

        Ids(page).ShouldBe([bobs.Id]);
    }

    [Fact]
    public async Task ShouldReturnOnlyActiveListings_WhenNoStatusIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var active = await CreateListingAsync(ann);
        var rented = await CreateListingAsync(ann);
        var archived = await CreateListingAsync(ann);
        await ListingsOf(ann).SetListingStatusAsync(rented.Id, new ListingStatusInput { Status = ListingStatus.Rented });
        await ListingsOf(ann).SetListingStatusAsync(archived.Id, new ListingStatusInput { Status = ListingStatus.Archived });

        var page = await ListingsOf(ann).SearchListingsAsync();

        Ids(page).ShouldBe([active.Id]);
    }

    [Theory]
    [InlineData("rented")]
    [InlineData("archived")]
    public async Task ShouldReturnYourOwnListingsOnly_WhenSearchingANonActiveStatus(string status)
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var wanted = status == "rented" ? ListingStatus.Rented : ListingStatus.Archived;
        var annsListing = await CreateListingAsync(ann);
        var bobsListing = await CreateListingAsync(bob);
        await ListingsOf(ann).SetListingStatusAsync(annsListing.Id, new ListingStatusInput { Status = wanted });
        await ListingsOf(bob).SetListingStatusAsync(bobsListing.Id, new ListingStatusInput { Status = wanted });

        var annSees = await ListingsOf(ann).SearchListingsAsync(status: status);
        var anonymousSees = await AnonymousListings.SearchListingsAsync(status: status);

        Ids(annSees).ShouldBe([annsListing.Id]);
        anonymousSees.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldApplyEveryFilter_WhenSeveralAreCombined()
    {
        var ann = await RegisterAndLoginAsync();
        var match = await CreateListingAsync(ann, c =>
        {
            c.Listing!.Price = 900;
            c.Property!.Bedrooms = 2;
            c.Listing.Title = "Bright ocean room";
        });
        await CreateListingAsync(ann, c =>
        {
            c.Listing!.Price = 1900;
            c.Property!.Bedrooms = 2;
            c.Listing.Title = "Bright ocean room";
        });
        await CreateListingAsync(ann, c =>
        {
            c.Listing!.Price = 900;
            c.Property!.Bedrooms = 1;
            c.Listing.Title = "Bright ocean room";
        });
        await CreateListingAsync(ann, c =>
        {
            c.Listing!.Price = 900;
            c.Property!.Bedrooms = 2;
            c.Listing.Title = "Bright ocean room";
            c.Address!.City = "Goleta";
        });

        var page = await AnonymousListings.SearchListingsAsync(
            price_max: 1000, bedrooms_min: 2, city: "isla vista", q: "ocean", near: "34.4133,-119.8610", radius_km: 5, sort: "price_asc");

        Ids(page).ShouldBe([match.Id]);
    }
}
