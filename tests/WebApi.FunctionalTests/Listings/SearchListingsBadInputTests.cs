using System.Text;
using Homelette.WebApi.FunctionalTests.Infrastructure;

namespace Homelette.WebApi.FunctionalTests.Listings;

public sealed class SearchListingsBadInputTests(WebApiFactory factory) : ListingTestBase(factory)
{
    private async Task<Dictionary<string, string[]>> SearchErrorsAsync(string query)
    {
        using var response = await Factory.CreateClient().GetAsync($"/api/listings?{query}");
        return await ProblemAssertions.ShouldBeValidationProblemAsync(response);
    }

    [Theory]
    [InlineData("price_min=-1", "price_min")]
    [InlineData("price_max=100000.01", "price_max")]
    [InlineData("price_min=900&price_max=500", "price_max")]
    [InlineData("price_min=abc", "price_min")]
    [InlineData("bedrooms=-1", "bedrooms")]
    [InlineData("bedrooms_min=21", "bedrooms_min")]
    [InlineData("bathrooms_min=-0.5", "bathrooms_min")]
    [InlineData("roommates_max=21", "roommates_max")]
    [InlineData("start_date=2027-06-01&end_date=2027-01-01", "end_date")]
    [InlineData("start_date=tomorrow", "start_date")]
    [InlineData("owner_id=not-a-uuid", "owner_id")]
    public async Task ShouldAnswer400NamingTheField_WhenANumberOrDateIsBad(string query, string field) =>
        (await SearchErrorsAsync(query)).Keys.ShouldBe([field]);

    [Theory]
    [InlineData("property_type=castle", "property_type")]
    [InlineData("status=sold", "status")]
    [InlineData("sort=random", "sort")]
    [InlineData("amenities=wifi,hot_tub", "amenities")]
    public async Task ShouldAnswer400NamingTheField_WhenAnEnumValueIsUnknown(string query, string field) =>
        (await SearchErrorsAsync(query)).Keys.ShouldBe([field]);

    [Theory]
    [InlineData("near=91,0")]
    [InlineData("near=-91,0")]
    [InlineData("near=0,181")]
    [InlineData("near=0,-181")]
    [InlineData("near=abc")]
    [InlineData("near=34.4")]
    public async Task ShouldAnswer400NamingNear_WhenThePointIsMalformedOrOutOfRange(string query) =>
        (await SearchErrorsAsync(query)).Keys.ShouldBe(["near"]);

    [Theory]
    [InlineData("near=34.4,-119.8&radius_km=0")]
    [InlineData("near=34.4,-119.8&radius_km=-5")]
    [InlineData("near=34.4,-119.8&radius_km=101")]
    [InlineData("near=34.4,-119.8&radius_km=NaN")]
    [InlineData("near=34.4,-119.8&radius_km=Infinity")]
    [InlineData("radius_km=5")]
    public async Task ShouldAnswer400NamingRadius_WhenTheRadiusIsOutOfRangeOrAlone(string query) =>
        (await SearchErrorsAsync(query)).Keys.ShouldBe(["radius_km"]);

    [Theory]
    [InlineData("bbox=-119.8,34.4,-119.9,34.5")]
    [InlineData("bbox=-119.9,34.5,-119.8,34.4")]
    [InlineData("bbox=-119.9,34.4,-119.8")]
    [InlineData("bbox=-190,34.4,-119.8,34.5")]
    public async Task ShouldAnswer400NamingBbox_WhenTheBoxIsInvertedOrMalformed(string query) =>
        (await SearchErrorsAsync(query)).Keys.ShouldBe(["bbox"]);

    [Fact]
    public async Task ShouldAnswer400NamingSort_WhenSortingByDistanceWithoutNear() =>
        (await SearchErrorsAsync("sort=distance")).Keys.ShouldBe(["sort"]);

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=-1")]
    [InlineData("limit=101")]
    [InlineData("limit=1000")]
    public async Task ShouldAnswer400NamingLimit_WhenTheLimitIsOutOf1To100(string query) =>
        (await SearchErrorsAsync(query)).Keys.ShouldBe(["limit"]);

    [Theory]
    [InlineData("garbage")]
    [InlineData("abc.def")]
    [InlineData(".")]
    [InlineData("eyJzb3J0IjoibmV3ZXN0In0")]
    public async Task ShouldAnswer400NamingCursor_WhenTheCursorIsMalformed(string cursor) =>
        (await SearchErrorsAsync($"cursor={Uri.EscapeDataString(cursor)}")).Keys.ShouldBe(["cursor"]);

    [Fact]
    public async Task ShouldAnswer400NamingCursor_WhenTheCursorIsTooLong() =>
        (await SearchErrorsAsync($"cursor={new string('a', 600)}.{new string('b', 30)}")).Keys.ShouldBe(["cursor"]);

    [Fact]
    public async Task ShouldAnswer400NamingCursor_WhenTheCursorPayloadWasTampered()
    {
        var ann = await RegisterAndLoginAsync();
        await CreateListingAsync(ann, c => c.Listing!.Price = 500);
        await CreateListingAsync(ann, c => c.Listing!.Price = 900);
        var cursor = (await AnonymousListings.SearchListingsAsync(sort: "price_asc", limit: 1)).Next_cursor!;
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(cursor[..dot].Replace('-', '+').Replace('_', '/'))));
        var forged = payload.Replace("500", "100", StringComparison.Ordinal);
        forged.ShouldNotBe(payload);
        var tampered = Convert.ToBase64String(Encoding.UTF8.GetBytes(forged)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + cursor[dot..];

        (await SearchErrorsAsync($"sort=price_asc&limit=1&cursor={Uri.EscapeDataString(tampered)}")).Keys.ShouldBe(["cursor"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingCursor_WhenTheCursorSignatureWasTampered()
    {
        var ann = await RegisterAndLoginAsync();
        await CreateListingAsync(ann);
        await CreateListingAsync(ann);
        var cursor = (await AnonymousListings.SearchListingsAsync(limit: 1)).Next_cursor!;
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        var tampered = cursor[..(dot + 1)] + (cursor[dot + 1] == 'A' ? 'B' : 'A') + cursor[(dot + 2)..];

        (await SearchErrorsAsync($"limit=1&cursor={Uri.EscapeDataString(tampered)}")).Keys.ShouldBe(["cursor"]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingQ_WhenTheSearchTextIsTooLong() =>
        (await SearchErrorsAsync($"q={new string('q', 201)}")).Keys.ShouldBe(["q"]);

    [Fact]
    public async Task ShouldAnswer400NamingCity_WhenTheCityIsTooLong() =>
        (await SearchErrorsAsync($"city={new string('c', 101)}")).Keys.ShouldBe(["city"]);

    private static string Pad(string base64) => base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
}
