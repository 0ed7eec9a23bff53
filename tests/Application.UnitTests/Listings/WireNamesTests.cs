using Homelette.Application.Common;
using Homelette.Application.Listings.Queries.SearchListings;
using Homelette.Domain.Listings;

namespace Homelette.Application.UnitTests.Listings;

public sealed class WireNamesTests
{
    [Theory]
    [InlineData(Amenity.Wifi, "wifi")]
    [InlineData(Amenity.AirConditioning, "air_conditioning")]
    [InlineData(Amenity.PetsAllowed, "pets_allowed")]
    [InlineData(Amenity.PrivateBathroom, "private_bathroom")]
    public void ShouldNameAmenitiesInSnakeCase(Amenity amenity, string expected) => WireNames.Of(amenity).ShouldBe(expected);

    [Theory]
    [InlineData(ListingSort.Newest, "newest")]
    [InlineData(ListingSort.PriceAsc, "price_asc")]
    [InlineData(ListingSort.PriceDesc, "price_desc")]
    [InlineData(ListingSort.Distance, "distance")]
    public void ShouldNameSortsAsTheQueryStringDoes(ListingSort sort, string expected) => WireNames.Of(sort).ShouldBe(expected);

    [Fact]
    public void ShouldRoundTripEveryValue_WhenParsingItsOwnName()
    {
        foreach (var type in Enum.GetValues<PropertyType>())
        {
            WireNames.TryParse<PropertyType>(WireNames.Of(type), out var parsed).ShouldBeTrue();
            parsed.ShouldBe(type);
        }

        foreach (var amenity in Enum.GetValues<Amenity>())
        {
            WireNames.TryParse<Amenity>(WireNames.Of(amenity), out var parsed).ShouldBeTrue();
            parsed.ShouldBe(amenity);
        }
    }

    [Theory]
    [InlineData("Price_Asc")]
    [InlineData(" price_asc ")]
    [InlineData("PRICE_ASC")]
    public void ShouldIgnoreCaseAndSurroundingSpaces_WhenParsing(string text)
    {
        WireNames.TryParse<ListingSort>(text, out var sort).ShouldBeTrue();

        sort.ShouldBe(ListingSort.PriceAsc);
    }

    [Theory]
    [InlineData("castle")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("PriceAsc")]
    [InlineData("")]
    [InlineData(null)]
    public void ShouldRefuseUnknownNamesAndNumbers_WhenParsing(string? text) =>
        WireNames.TryParse<ListingSort>(text, out _).ShouldBeFalse();

    [Fact]
    public void ShouldParseEveryName_WhenParsingACommaList()
    {
        WireNames.TryParseList<Amenity>("wifi, air_conditioning,,parking", out var amenities).ShouldBeTrue();

        amenities.ShouldBe([Amenity.Wifi, Amenity.AirConditioning, Amenity.Parking]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void ShouldGiveAnEmptyList_WhenTheListIsBlank(string? text)
    {
        WireNames.TryParseList<Amenity>(text, out var amenities).ShouldBeTrue();

        amenities.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("wifi,hot_tub")]
    [InlineData("wifi;parking")]
    [InlineData("wifi,3")]
    public void ShouldRefuseTheList_WhenAnyNameIsUnknown(string text) => WireNames.TryParseList<Amenity>(text, out _).ShouldBeFalse();

    [Fact]
    public void ShouldListEveryNameInOrder_WhenDescribingTheChoices() =>
        WireNames.Names<ListingStatus>().ShouldBe("active, rented, archived");
}
