using FluentValidation.TestHelper;
using Homelette.Application.Listings.Queries.SearchListings;

namespace Homelette.Application.UnitTests.Listings;

public sealed class SearchListingsQueryValidatorTests
{
    private const string IslaVista = "34.4133,-119.8610";

    private readonly SearchListingsQueryValidator _validator = new();

    private TestValidationResult<SearchListingsQuery> Validate(SearchListingsQuery query) => _validator.TestValidate(query);

    [Fact]
    public void ShouldPass_WhenNothingIsGiven() => Validate(new SearchListingsQuery()).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldPass_WhenEveryFilterIsValid() =>
        Validate(new SearchListingsQuery
        {
            PriceMin = 500,
            PriceMax = 1500,
            Bedrooms = 2,
            BedroomsMin = 1,
            BathroomsMin = 1.5m,
            City = "Isla Vista",
            PropertyType = "Apartment",
            StartDate = new DateOnly(2027, 1, 1),
            EndDate = new DateOnly(2027, 6, 30),
            RoommatesMax = 2,
            Amenities = "wifi, parking",
            Near = IslaVista,
            RadiusKm = 100,
            Bbox = "-119.9,34.40,-119.8,34.45",
            Q = "ocean view",
            OwnerId = Guid.CreateVersion7(),
            Status = "active",
            Sort = "distance",
            Limit = 100,
        }).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(-1)]
    [InlineData(100000.01)]
    public void ShouldFail_WhenPriceMinIsOutOfRange(double price) =>
        Validate(new SearchListingsQuery { PriceMin = (decimal)price }).ShouldHaveValidationErrorFor(q => q.PriceMin);

    [Theory]
    [InlineData(-1)]
    [InlineData(100000.01)]
    public void ShouldFail_WhenPriceMaxIsOutOfRange(double price) =>
        Validate(new SearchListingsQuery { PriceMax = (decimal)price }).ShouldHaveValidationErrorFor(q => q.PriceMax);

    [Fact]
    public void ShouldFailOnPriceMax_WhenItIsBelowPriceMin() =>
        Validate(new SearchListingsQuery { PriceMin = 900, PriceMax = 500 }).ShouldHaveValidationErrorFor(q => q.PriceMax);

    [Fact]
    public void ShouldPass_WhenPriceMinEqualsPriceMax() =>
        Validate(new SearchListingsQuery { PriceMin = 900, PriceMax = 900 }).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(-1)]
    [InlineData(21)]
    public void ShouldFail_WhenBedroomsIsOutOfRange(int bedrooms)
    {
        var result = Validate(new SearchListingsQuery { Bedrooms = bedrooms, BedroomsMin = bedrooms });

        result.ShouldHaveValidationErrorFor(q => q.Bedrooms);
        result.ShouldHaveValidationErrorFor(q => q.BedroomsMin);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(20.5)]
    public void ShouldFail_WhenBathroomsMinIsOutOfRange(double bathrooms) =>
        Validate(new SearchListingsQuery { BathroomsMin = (decimal)bathrooms }).ShouldHaveValidationErrorFor(q => q.BathroomsMin);

    [Theory]
    [InlineData(-1)]
    [InlineData(21)]
    public void ShouldFail_WhenRoommatesMaxIsOutOfRange(int roommates) =>
        Validate(new SearchListingsQuery { RoommatesMax = roommates }).ShouldHaveValidationErrorFor(q => q.RoommatesMax);

    [Fact]
    public void ShouldFail_WhenTheCityIsLongerThan100() =>
        Validate(new SearchListingsQuery { City = new string('c', 101) }).ShouldHaveValidationErrorFor(q => q.City);

    [Fact]
    public void ShouldFail_WhenTheSearchTextIsLongerThan200() =>
        Validate(new SearchListingsQuery { Q = new string('q', 201) }).ShouldHaveValidationErrorFor(q => q.Q);

    [Fact]
    public void ShouldFailOnEndDate_WhenItIsBeforeStartDate() =>
        Validate(new SearchListingsQuery { StartDate = new DateOnly(2027, 6, 1), EndDate = new DateOnly(2027, 1, 1) })
            .ShouldHaveValidationErrorFor(q => q.EndDate);

    [Theory]
    [InlineData("castle")]
    [InlineData("3")]
    [InlineData("")]
    public void ShouldFail_WhenThePropertyTypeIsUnknown(string type) =>
        Validate(new SearchListingsQuery { PropertyType = type }).ShouldHaveValidationErrorFor(q => q.PropertyType);

    [Theory]
    [InlineData("sold")]
    [InlineData("1")]
    public void ShouldFail_WhenTheStatusIsUnknown(string status) =>
        Validate(new SearchListingsQuery { Status = status }).ShouldHaveValidationErrorFor(q => q.Status);

    [Theory]
    [InlineData("rented")]
    [InlineData("ARCHIVED")]
    public void ShouldPass_WhenTheStatusIsKnownInAnyCase(string status) =>
        Validate(new SearchListingsQuery { Status = status }).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("random")]
    [InlineData("priceasc")]
    public void ShouldFail_WhenTheSortIsUnknown(string sort) =>
        Validate(new SearchListingsQuery { Sort = sort }).ShouldHaveValidationErrorFor(q => q.Sort);

    [Theory]
    [InlineData("newest")]
    [InlineData("price_asc")]
    [InlineData("PRICE_DESC")]
    public void ShouldPass_WhenTheSortIsKnown(string sort) =>
        Validate(new SearchListingsQuery { Sort = sort }).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldFailOnSort_WhenSortingByDistanceWithoutNear() =>
        Validate(new SearchListingsQuery { Sort = "distance" }).ShouldHaveValidationErrorFor(q => q.Sort);

    [Fact]
    public void ShouldPass_WhenSortingByDistanceNearAPoint() =>
        Validate(new SearchListingsQuery { Sort = "distance", Near = IslaVista }).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("wifi,hot_tub")]
    [InlineData("wifi;parking")]
    public void ShouldFail_WhenAnAmenityIsUnknown(string amenities) =>
        Validate(new SearchListingsQuery { Amenities = amenities }).ShouldHaveValidationErrorFor(q => q.Amenities);

    [Theory]
    [InlineData("91,0")]
    [InlineData("0,181")]
    [InlineData("abc")]
    [InlineData("34.4")]
    [InlineData("")]
    public void ShouldFail_WhenNearIsMalformedOrOutOfRange(string near) =>
        Validate(new SearchListingsQuery { Near = near }).ShouldHaveValidationErrorFor(q => q.Near);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100.001)]
    [InlineData(double.NaN)]
    public void ShouldFail_WhenTheRadiusIsNotAbove0AndAtMost100(double radius) =>
        Validate(new SearchListingsQuery { Near = IslaVista, RadiusKm = radius }).ShouldHaveValidationErrorFor(q => q.RadiusKm);

    [Fact]
    public void ShouldPass_WhenTheRadiusIs100() =>
        Validate(new SearchListingsQuery { Near = IslaVista, RadiusKm = 100 }).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldFailOnTheRadius_WhenItIsGivenWithoutNear() =>
        Validate(new SearchListingsQuery { RadiusKm = 5 }).ShouldHaveValidationErrorFor(q => q.RadiusKm);

    [Theory]
    [InlineData("-119.8,34.4,-119.9,34.5")]
    [InlineData("-119.9,34.5,-119.8,34.4")]
    [InlineData("-119.9,34.4,-119.8")]
    [InlineData("-181,34.4,-119.8,34.5")]
    [InlineData("-119.9,-91,-119.8,34.5")]
    public void ShouldFail_WhenTheBoxIsInvertedMalformedOrOutOfRange(string bbox) =>
        Validate(new SearchListingsQuery { Bbox = bbox }).ShouldHaveValidationErrorFor(q => q.Bbox);

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(1000)]
    public void ShouldFail_WhenTheLimitIsOutOf1To100(int limit) =>
        Validate(new SearchListingsQuery { Limit = limit }).ShouldHaveValidationErrorFor(q => q.Limit);

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void ShouldPass_WhenTheLimitIsWithin1To100(int limit) =>
        Validate(new SearchListingsQuery { Limit = limit }).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldFail_WhenTheCursorIsLongerThan512() =>
        Validate(new SearchListingsQuery { Cursor = new string('c', 513) }).ShouldHaveValidationErrorFor(q => q.Cursor);
}
