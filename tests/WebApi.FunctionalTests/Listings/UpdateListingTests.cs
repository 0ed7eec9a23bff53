using System.Net;
using System.Text.Json.Nodes;
using Homelette.Client;
using Homelette.Domain.Listings;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ListingStatus = Homelette.Client.ListingStatus;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class UpdateListingTests(WebApiFactory factory) : ListingTestBase(factory)
{
    private Task<Listing> StoredAsync(Guid id) =>
        Factory.QueryAsync(db => db.Listings.AsNoTracking().SingleAsync(l => l.Id == id));

    private static ListingChangesInput PriceChange(decimal price, int? version = null) =>
        new() { Listing = new ListingInput { Price = price }, Version = version };

    [Fact]
    public async Task ShouldChangeOnlyTheFieldsSent_WhenTheOwnerUpdates()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        var updated = await ListingsOf(ann).UpdateListingAsync(created.Id, new ListingChangesInput
        {
            Listing = new ListingInput { Price = 1100 },
            Property = new PropertyInput { Bedrooms = 3 },
        });

        updated.Price.ShouldBe(1100m);
        updated.Property.Bedrooms.ShouldBe(3);
        updated.Title.ShouldBe(created.Title);
        updated.Description.ShouldBe(created.Description);
        updated.Address.City.ShouldBe("Isla Vista");
        updated.Address.Apt_number.ShouldBe("B");
        updated.Property.Bathrooms.ShouldBe(1.5m);
        updated.Start_date.ShouldBe(created.Start_date);
        var stored = await StoredAsync(created.Id);
        stored.Price.ShouldBe(1100m);
        stored.Title.ShouldBe(created.Title);
    }

    [Fact]
    public async Task ShouldRaiseTheVersionAndUpdatedAt_WhenTheOwnerUpdates()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        var updated = await ListingsOf(ann).UpdateListingAsync(created.Id, PriceChange(1000));

        updated.Version.ShouldBe(created.Version + 1);
        updated.Updated_at.ShouldBeGreaterThan(created.Updated_at);
        updated.Created_at.ShouldBe(created.Created_at);
    }

    [Fact]
    public async Task ShouldClearTheDescription_WhenSentAsEmpty()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        var updated = await ListingsOf(ann).UpdateListingAsync(created.Id, new ListingChangesInput { Listing = new ListingInput { Description = "" } });

        updated.Description.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldForbidAndChangeNothing_WhenSomeoneElseUpdates()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);

        await ShouldFailAsync(() => ListingsOf(bob).UpdateListingAsync(created.Id, PriceChange(1)), 403);

        var stored = await StoredAsync(created.Id);
        stored.Price.ShouldBe(950m);
        stored.Version.ShouldBe(created.Version);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymous()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        await ShouldFailAsync(() => AnonymousListings.UpdateListingAsync(created.Id, PriceChange(1)), 401);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenTheListingDoesNotExist()
    {
        var ann = await RegisterAndLoginAsync();

        await ShouldFailAsync(() => ListingsOf(ann).UpdateListingAsync(Guid.CreateVersion7(), PriceChange(1000)), 404);
    }

    [Fact]
    public async Task ShouldAnswer409AndWriteNothing_WhenTheBodysVersionIsStale()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        await ListingsOf(ann).UpdateListingAsync(created.Id, PriceChange(1000, created.Version));

        await ShouldFailAsync(() => ListingsOf(ann).UpdateListingAsync(created.Id, PriceChange(1200, created.Version)), 409);

        var stored = await StoredAsync(created.Id);
        stored.Price.ShouldBe(1000m);
        stored.Version.ShouldBe(created.Version + 1);
    }

    [Fact]
    public async Task ShouldAnswer409AndWriteNothing_WhenIfMatchIsStale()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        await ListingsOf(ann).UpdateListingAsync(created.Id, PriceChange(1000));

        await ShouldFailAsync(() => ListingsOf(ann).UpdateListingAsync(created.Id, PriceChange(1200), $"\"{created.Version}\""), 409);

        (await StoredAsync(created.Id)).Price.ShouldBe(1000m);
    }

    [Fact]
    public async Task ShouldApplyTheChange_WhenIfMatchHoldsTheCurrentVersion()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        var updated = await ListingsOf(ann).UpdateListingAsync(created.Id, PriceChange(1200), $"W/\"{created.Version}\"");

        updated.Price.ShouldBe(1200m);
    }

    [Fact]
    public async Task ShouldAnswer400NamingVersion_WhenTheBodyAndIfMatchDisagree()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        var ex = await ShouldFailAsync(
            () => ListingsOf(ann).UpdateListingAsync(created.Id, PriceChange(1200, created.Version), $"\"{created.Version + 1}\""), 400);

        ErrorFields(ex).ShouldBe(["version"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingEndDateAndWriteNothing_WhenTheMergedDatesAreReversed()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        var ex = await ShouldFailAsync(
            () => ListingsOf(ann).UpdateListingAsync(created.Id, new ListingChangesInput
            {
                Listing = new ListingInput { End_date = ListingTestData.Date(2026, 12, 1) },
            }),
            400);

        ErrorFields(ex).ShouldBe(["listing.end_date"]);
        var stored = await StoredAsync(created.Id);
        stored.EndDate.ShouldBe(new DateOnly(2027, 6, 30));
        stored.Version.ShouldBe(created.Version);
    }

    [Fact]
    public async Task ShouldAnswer400NamingLongitude_WhenOnlyALatitudeIsAddedToAListingWithoutCoordinates()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann, c =>
        {
            c.Address!.Latitude = null;
            c.Address.Longitude = null;
        });

        var ex = await ShouldFailAsync(
            () => ListingsOf(ann).UpdateListingAsync(created.Id, new ListingChangesInput { Address = new AddressInput { Latitude = 34.4 } }), 400);

        ErrorFields(ex).ShouldBe(["address.longitude"]);
    }

    [Theory]
    [InlineData("listing", "price", "-5", "listing.price")]
    [InlineData("listing", "title", "\"\"", "listing.title")]
    [InlineData("listing", "roommates", "21", "listing.roommates")]
    [InlineData("address", "latitude", "91", "address.latitude")]
    [InlineData("property", "bathrooms", "0.3", "property.bathrooms")]
    [InlineData("property", "property_type", "\"castle\"", "property.property_type")]
    public async Task ShouldAnswer400NamingTheFieldAndWriteNothing_WhenAValueBreaksItsRule(string parent, string field, string value, string expected)
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var body = new JsonObject { [parent] = new JsonObject { [field] = JsonNode.Parse(value) } };

        using var response = await ann.Http.PutAsync($"/api/listings/{created.Id}", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe([expected]);
        (await StoredAsync(created.Id)).Version.ShouldBe(created.Version);
    }

    [Theory]
    [InlineData(null, "id")]
    [InlineData(null, "owner_id")]
    [InlineData("listing", "owner_id")]
    [InlineData("listing", "view_count")]
    [InlineData("listing", "created_at")]
    public async Task ShouldAnswer400NamingTheFieldAndWriteNothing_WhenTheBodySetsAFieldTheClientMayNotSet(string? parent, string field)
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        var value = field switch
        {
            "view_count" => JsonValue.Create(999),
            "created_at" => JsonValue.Create("2001-01-01T00:00:00Z"),
            "id" => JsonValue.Create(Guid.CreateVersion7().ToString()),
            _ => JsonValue.Create(bob.Id.ToString()),
        };
        var body = parent is null
            ? new JsonObject { ["listing"] = new JsonObject { ["price"] = 1 }, [field] = value }
            : new JsonObject { [parent] = new JsonObject { ["price"] = 1, [field] = value } };

        using var response = await ann.Http.PutAsync($"/api/listings/{created.Id}", ListingTestData.Json(body));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldContain(parent is null ? field : $"{parent}.{field}");
        var stored = await StoredAsync(created.Id);
        stored.OwnerId.ShouldBe(ann.Id);
        stored.Price.ShouldBe(950m);
        stored.ViewCount.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAddUploadsAfterTheCurrentPhotos_WhenImageUrlsAreGiven()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var existing = await AddPhotoAsync(ann, created.Id);
        var upload = await UploadAsync(ann);

        var updated = await ListingsOf(ann).UpdateListingAsync(created.Id, new ListingChangesInput { Listing = new ListingInput { Image_urls = [upload] } });

        updated.Images.Select(i => i.Url).ShouldBe([existing.Url, upload]);
        updated.Cover_image_url.ShouldBe(existing.Url);
    }

    [Fact]
    public async Task ShouldAnswer400AndWriteNothing_WhenAnImageUrlIsSomeoneElsesUpload()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        var bobsUpload = await UploadAsync(bob);

        var ex = await ShouldFailAsync(
            () => ListingsOf(ann).UpdateListingAsync(created.Id, new ListingChangesInput
            {
                Listing = new ListingInput { Price = 1, Image_urls = [bobsUpload] },
            }),
            400);

        ErrorFields(ex).ShouldBe(["listing.image_urls"]);
        (await StoredAsync(created.Id)).Price.ShouldBe(950m);
        (await Factory.QueryAsync(db => db.ListingImages.AsNoTracking().SingleAsync())).ListingId.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldAcceptOnlyOne_WhenTwoUpdatesRaceOnTheSameVersion()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        Task<HttpResponseMessage> Put(decimal price) => ann.Http.PutAsync(
            $"/api/listings/{created.Id}",
            ListingTestData.Json(new JsonObject { ["listing"] = new JsonObject { ["price"] = price }, ["version"] = created.Version }));

        var responses = await Task.WhenAll(Put(1001), Put(1002), Put(1003));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(2);
        var stored = await StoredAsync(created.Id);
        stored.Version.ShouldBe(created.Version + 1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ShouldAttachTheUpload_WhenTheEarlierBackendsPropertyImageUrlIsUpdated()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var upload = await UploadAsync(ann);

        var updated = await ListingsOf(ann).UpdateListingAsync(created.Id, new ListingChangesInput { Property = new PropertyInput { Image_url = upload } });

        updated.Images.Select(i => i.Url).ShouldBe([upload]);
    }

    [Fact]
    public async Task ShouldAnswer409AndAttachNothing_WhenImageUrlsWouldMakeMoreThan20Photos()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var png = ListingTestData.Png(8, 8);
        for (var i = 0; i < 19; i++)
        {
            await AddPhotoAsync(ann, created.Id, png);
        }

        var uploads = new List<string> { await UploadAsync(ann, png), await UploadAsync(ann, png) };

        await ShouldFailAsync(
            () => ListingsOf(ann).UpdateListingAsync(created.Id, new ListingChangesInput { Listing = new ListingInput { Image_urls = uploads } }), 409);

        (await Factory.QueryAsync(db => db.ListingImages.CountAsync(i => i.ListingId == created.Id))).ShouldBe(19);
    }

    [Fact]
    public async Task ShouldNotChangeTheStatus_WhenTheOwnerUpdatesOtherFields()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        await ListingsOf(ann).SetListingStatusAsync(created.Id, new ListingStatusInput { Status = ListingStatus.Rented });

        var updated = await ListingsOf(ann).UpdateListingAsync(created.Id, PriceChange(999));

        updated.Status.ShouldBe(ListingStatus.Rented);
    }

    [Theory]
    [InlineData("/api/listings/{0}")]
    [InlineData("/api/listings/{0}/status")]
    [InlineData("/api/listings/{0}/images/order")]
    public async Task ShouldAnswer400_WhenTheBodyIsJsonNull(string route)
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        using var response = await ann.Http.PutAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, created.Id), ListingTestData.Json("null"));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ShouldAnswer400_WhenTheBodyIsNotJson()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        using var response = await ann.Http.PutAsync($"/api/listings/{created.Id}", ListingTestData.Json("{\"listing\": {\"price\": }"));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
