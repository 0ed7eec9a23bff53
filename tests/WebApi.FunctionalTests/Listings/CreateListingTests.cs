using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class CreateListingTests(WebApiFactory factory) : ListingTestBase(factory)
{
    [Fact]
    public async Task ShouldAnswer201WithLocationAndTheFullListing_WhenTheBodyIsValid()
    {
        var ann = await RegisterAndLoginAsync();
        using var body = ListingTestData.Json(ListingTestData.NewListingJson());

        using var response = await ann.Http.PostAsync("/api/listings", body);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = json.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/listings/{id}");
        json.GetProperty("title").GetString().ShouldBe("Sunny room near campus");
        json.GetProperty("price").GetDecimal().ShouldBe(950m);
        json.GetProperty("status").GetString().ShouldBe("active");
        json.GetProperty("address").GetProperty("city").GetString().ShouldBe("Isla Vista");
        json.GetProperty("property").GetProperty("property_type").GetString().ShouldBe("apartment");
        json.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task ShouldStoreEveryField_WhenCreatedThroughTheClient()
    {
        var ann = await RegisterAndLoginAsync();

        var created = await CreateListingAsync(ann);

        var stored = await Factory.QueryAsync(db => db.Listings.AsNoTracking().SingleAsync(l => l.Id == created.Id));
        stored.OwnerId.ShouldBe(ann.Id);
        stored.Title.ShouldBe("Sunny room near campus");
        stored.Price.ShouldBe(950m);
        stored.StartDate.ShouldBe(new DateOnly(2027, 1, 1));
        stored.EndDate.ShouldBe(new DateOnly(2027, 6, 30));
        stored.Bathrooms.ShouldBe(1.5m);
        stored.AptNumber.ShouldBe("B");
        stored.Latitude.ShouldBe(ListingTestData.IslaVistaLatitude);
        stored.Version.ShouldBe(created.Version);
        created.Owner.Id.ShouldBe(ann.Id);
    }

    [Fact]
    public async Task ShouldRoundTripAmenities_WhenCreatedThroughTheGeneratedClient()
    {
        var ann = await RegisterAndLoginAsync();
        var command = ListingTestData.NewListing();
        command.Listing!.Amenities = [Amenity.Wifi, Amenity.AirConditioning];

        var created = await ListingsOf(ann).CreateListingAsync(command);

        created.Amenities.ShouldBe([Amenity.Wifi, Amenity.AirConditioning], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldReadAmenities_WhenFetchedThroughTheGeneratedClient()
    {
        var ann = await RegisterAndLoginAsync();
        var id = await CreateListingFromJsonAsync(ann, body => body["listing"]!["amenities"] = new JsonArray("wifi", "air_conditioning"));

        var listing = await ListingsOf(ann).GetListingAsync(id);

        listing.Amenities.ShouldBe([Amenity.Wifi, Amenity.AirConditioning], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldKeepAmenitiesAsSnakeCaseNames_WhenCreatedAsJson()
    {
        var ann = await RegisterAndLoginAsync();

        var id = await CreateListingFromJsonAsync(ann, body => body["listing"]!["amenities"] = new JsonArray("air_conditioning", "pets_allowed"));

        using var response = await ann.Http.GetAsync($"/api/listings/{id}");
        var amenities = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("amenities")
            .EnumerateArray().Select(a => a.GetString()).ToList();
        amenities.ShouldBe(["air_conditioning", "pets_allowed"], ignoreOrder: true);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymous()
    {
        await ShouldFailAsync(() => AnonymousListings.CreateListingAsync(ListingTestData.NewListing()), 401);

        (await Factory.QueryAsync(db => db.Listings.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAttachEarlierUploadsInOrder_WhenImageUrlsAreGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var first = await UploadAsync(ann);
        var second = await UploadAsync(ann);

        var created = await CreateListingAsync(ann, c => c.Listing!.Image_urls = [second, first]);

        created.Images.Select(i => i.Url).ShouldBe([second, first]);
        created.Images.Select(i => i.Position).ShouldBe([0, 1]);
        created.Cover_image_url.ShouldBe(second);
        var attached = await Factory.QueryAsync(db => db.ListingImages.AsNoTracking().CountAsync(i => i.ListingId == created.Id));
        attached.ShouldBe(2);
    }

    [Fact]
    public async Task ShouldAddTheSinglePropertyImageFirst_WhenTheEarlierBackendsImageUrlIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var single = await UploadAsync(ann);
        var other = await UploadAsync(ann);

        var created = await CreateListingAsync(ann, c =>
        {
            c.Property!.Image_url = single;
            c.Listing!.Image_urls = [other];
        });

        created.Images.Select(i => i.Url).ShouldBe([single, other]);
    }

    [Fact]
    public async Task ShouldAnswer400AndCreateNothing_WhenAnImageUrlIsSomeoneElsesUpload()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var annsUpload = await UploadAsync(ann);
        var body = ListingTestData.NewListingJson();
        body["listing"]!["image_urls"] = new JsonArray(annsUpload);

        using var response = await bob.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["listing.image_urls"]);
        (await Factory.QueryAsync(db => db.Listings.CountAsync())).ShouldBe(0);
        (await Factory.QueryAsync(db => db.ListingImages.AsNoTracking().SingleAsync())).ListingId.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldAnswer400NamingPropertyImageUrl_WhenThatSingleImageIsSomeoneElsesUpload()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var annsUpload = await UploadAsync(ann);
        var body = ListingTestData.NewListingJson();
        body["property"]!["image_url"] = annsUpload;

        using var response = await bob.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["property.image_url"]);
    }

    [Fact]
    public async Task ShouldAnswer400_WhenAnImageUrlAlreadyBelongsToAnotherListing()
    {
        var ann = await RegisterAndLoginAsync();
        var upload = await UploadAsync(ann);
        await CreateListingAsync(ann, c => c.Listing!.Image_urls = [upload]);

        var ex = await ShouldFailAsync(() => CreateListingAsync(ann, c => c.Listing!.Image_urls = [upload]), 400);

        ErrorFields(ex).ShouldBe(["listing.image_urls"]);
        (await Factory.QueryAsync(db => db.Listings.CountAsync())).ShouldBe(1);
    }

    [Theory]
    [InlineData("https://evil.example.com/x.jpg")]
    [InlineData("/uploads/../appsettings.json")]
    [InlineData("/uploads/0123456789abcdef0123456789abcdef.jpg")]
    public async Task ShouldAnswer400NamingImageUrls_WhenAnImageUrlIsNotAnUpload(string url)
    {
        var ann = await RegisterAndLoginAsync();
        var body = ListingTestData.NewListingJson();
        body["listing"]!["image_urls"] = new JsonArray(url);

        using var response = await ann.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["listing.image_urls"]);
    }

    [Theory]
    [InlineData(null, "id", "\"01964d3c-0000-7000-8000-000000000000\"")]
    [InlineData(null, "owner_id", "\"01964d3c-0000-7000-8000-000000000000\"")]
    [InlineData("listing", "id", "\"01964d3c-0000-7000-8000-000000000000\"")]
    [InlineData("listing", "owner_id", "\"01964d3c-0000-7000-8000-000000000000\"")]
    [InlineData("listing", "view_count", "1000000")]
    [InlineData("listing", "favorite_count", "500")]
    [InlineData("listing", "created_at", "\"2001-01-01T00:00:00Z\"")]
    [InlineData("listing", "status", "\"rented\"")]
    [InlineData("listing", "version", "7")]
    public async Task ShouldAnswer400NamingTheField_WhenTheBodySetsAFieldTheClientMayNotSet(string? parent, string field, string value)
    {
        var ann = await RegisterAndLoginAsync();
        var body = ListingTestData.NewListingJson();
        var target = parent is null ? body : body[parent]!.AsObject();
        target[field] = JsonNode.Parse(value);

        using var response = await ann.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        var errors = await ProblemAssertions.ShouldBeValidationProblemAsync(response);
        errors.Keys.ShouldContain(parent is null ? field : $"{parent}.{field}");
        (await Factory.QueryAsync(db => db.Listings.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400NamingEndDate_WhenTheDatesAreReversed()
    {
        var ann = await RegisterAndLoginAsync();
        var body = ListingTestData.NewListingJson();
        body["listing"]!["start_date"] = "2027-06-30";
        body["listing"]!["end_date"] = "2027-01-01";

        using var response = await ann.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["listing.end_date"]);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("100000.01")]
    [InlineData("99999999999")]
    [InlineData("12.345")]
    public async Task ShouldAnswer400NamingPrice_WhenThePriceIsOutOfRange(string price)
    {
        var ann = await RegisterAndLoginAsync();
        var body = ListingTestData.NewListingJson();
        body["listing"]!["price"] = JsonNode.Parse(price);

        using var response = await ann.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["listing.price"]);
    }

    [Theory]
    [InlineData("property", "property_type", "\"castle\"")]
    [InlineData("property", "property_type", "3")]
    [InlineData("listing", "amenities", "[\"wifi\", \"hot_tub\"]")]
    public async Task ShouldAnswer400NamingTheField_WhenAnEnumValueIsUnknown(string parent, string field, string value)
    {
        var ann = await RegisterAndLoginAsync();
        var body = ListingTestData.NewListingJson();
        body[parent]![field] = JsonNode.Parse(value);

        using var response = await ann.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        var errors = await ProblemAssertions.ShouldBeValidationProblemAsync(response);
        errors.Keys.ShouldHaveSingleItem().ShouldStartWith($"{parent}.{field}");
    }

    [Theory]
    [InlineData("latitude", "91", "address.latitude")]
    [InlineData("latitude", "-90.5", "address.latitude")]
    [InlineData("longitude", "181", "address.longitude")]
    [InlineData("longitude", "-180.01", "address.longitude")]
    public async Task ShouldAnswer400NamingTheCoordinate_WhenItIsOutOfRange(string field, string value, string expected)
    {
        var ann = await RegisterAndLoginAsync();
        var body = ListingTestData.NewListingJson();
        body["address"]![field] = JsonNode.Parse(value);

        using var response = await ann.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe([expected]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingLongitude_WhenOnlyTheLatitudeIsGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var body = ListingTestData.NewListingJson();
        body["address"]!.AsObject().Remove("longitude");

        using var response = await ann.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["address.longitude"]);
    }

    [Theory]
    [InlineData("listing", "title")]
    [InlineData("listing", "price")]
    [InlineData("listing", "start_date")]
    [InlineData("address", "city")]
    [InlineData("address", "zip_code")]
    [InlineData("property", "bedrooms")]
    [InlineData("property", "area")]
    public async Task ShouldAnswer400NamingTheField_WhenARequiredFieldIsMissing(string parent, string field)
    {
        var ann = await RegisterAndLoginAsync();
        var body = ListingTestData.NewListingJson();
        body[parent]!.AsObject().Remove(field);

        using var response = await ann.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe([$"{parent}.{field}"]);
    }

    [Theory]
    [InlineData("property", "bedrooms", "21")]
    [InlineData("property", "bathrooms", "1.25")]
    [InlineData("property", "area", "0")]
    [InlineData("listing", "roommates", "21")]
    [InlineData("listing", "title", "\"   \"")]
    [InlineData("listing", "start_date", "\"2027-02-30\"")]
    [InlineData("listing", "price", "\"cheap\"")]
    [InlineData("address", "zip_code", "\"93117<script>\"")]
    public async Task ShouldAnswer400NamingTheField_WhenAValueBreaksItsRule(string parent, string field, string value)
    {
        var ann = await RegisterAndLoginAsync();
        var body = ListingTestData.NewListingJson();
        body[parent]![field] = JsonNode.Parse(value);

        using var response = await ann.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe([$"{parent}.{field}"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingImageUrls_WhenMoreThan20AreGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var body = ListingTestData.NewListingJson();
        body["listing"]!["image_urls"] = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)$"/uploads/{i:D32}.png")]);

        using var response = await ann.Http.PostAsync("/api/listings", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldContain("listing.image_urls");
    }
}
