using FluentValidation.TestHelper;
using Homelette.Application.Listings;
using Homelette.Application.Listings.Commands.CreateListing;
using Homelette.Domain.Listings;

namespace Homelette.Application.UnitTests.Listings;

public sealed class CreateListingCommandValidatorTests
{
    private readonly CreateListingCommandValidator _validator = new();

    private static AddressInput Address() => new()
    {
        StreetAddress = "6500 Del Playa Dr",
        AptNumber = "B",
        City = "Isla Vista",
        State = "CA",
        ZipCode = "93117",
        Latitude = 34.4133,
        Longitude = -119.8610,
    };

    private static PropertyInput Property() => new() { PropertyType = PropertyType.Apartment, Bedrooms = 2, Bathrooms = 1.5m, Area = 800 };

    private static ListingInput Listing() => new()
    {
        Title = "Sunny room near campus",
        Description = "Two minutes from the beach.",
        Price = 950m,
        StartDate = new DateOnly(2027, 1, 1),
        EndDate = new DateOnly(2027, 6, 30),
        Roommates = 1,
        Amenities = [Amenity.Wifi, Amenity.Laundry],
    };

    private static CreateListingCommand Valid() => new(Address(), Property(), Listing());

    private TestValidationResult<CreateListingCommand> Validate(
        AddressInput? address = null, PropertyInput? property = null, ListingInput? listing = null) =>
        _validator.TestValidate(new CreateListingCommand(address ?? Address(), property ?? Property(), listing ?? Listing()));

    [Fact]
    public void ShouldPass_WhenEveryFieldIsValid() => _validator.TestValidate(Valid()).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldPass_WhenOnlyTheRequiredFieldsAreGiven() =>
        Validate(
            new AddressInput { StreetAddress = "1 Main St", City = "Goleta", State = "CA", ZipCode = "93117" },
            listing: Listing() with { Description = null, Roommates = null, Amenities = null }).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("Address")]
    [InlineData("Property")]
    [InlineData("Listing")]
    public void ShouldFail_WhenAPartOfTheBodyIsMissing(string part)
    {
        var command = part switch
        {
            "Address" => Valid() with { Address = null },
            "Property" => Valid() with { Property = null },
            _ => Valid() with { Listing = null },
        };

        _validator.TestValidate(command).ShouldHaveValidationErrorFor(part);
    }

    [Theory]
    [InlineData("Listing.Title")]
    [InlineData("Listing.Price")]
    [InlineData("Listing.StartDate")]
    [InlineData("Listing.EndDate")]
    [InlineData("Address.StreetAddress")]
    [InlineData("Address.City")]
    [InlineData("Address.State")]
    [InlineData("Address.ZipCode")]
    [InlineData("Property.PropertyType")]
    [InlineData("Property.Bedrooms")]
    [InlineData("Property.Bathrooms")]
    [InlineData("Property.Area")]
    public void ShouldFail_WhenARequiredFieldIsMissing(string field)
    {
        var result = field switch
        {
            "Listing.Title" => Validate(listing: Listing() with { Title = null }),
            "Listing.Price" => Validate(listing: Listing() with { Price = null }),
            "Listing.StartDate" => Validate(listing: Listing() with { StartDate = null }),
            "Listing.EndDate" => Validate(listing: Listing() with { EndDate = null }),
            "Address.StreetAddress" => Validate(Address() with { StreetAddress = null }),
            "Address.City" => Validate(Address() with { City = null }),
            "Address.State" => Validate(Address() with { State = null }),
            "Address.ZipCode" => Validate(Address() with { ZipCode = null }),
            "Property.PropertyType" => Validate(property: Property() with { PropertyType = null }),
            "Property.Bedrooms" => Validate(property: Property() with { Bedrooms = null }),
            "Property.Bathrooms" => Validate(property: Property() with { Bathrooms = null }),
            _ => Validate(property: Property() with { Area = null }),
        };

        result.ShouldHaveValidationErrorFor(field);
    }

    [Theory]
    [InlineData(120, false)]
    [InlineData(121, true)]
    public void ShouldAcceptTitlesUpTo120Characters(int length, bool fails) =>
        Validate(listing: Listing() with { Title = new string('t', length) })
            .Errors.Any(e => e.PropertyName == "Listing.Title").ShouldBe(fails);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ShouldFail_WhenTheTitleIsBlank(string title) =>
        Validate(listing: Listing() with { Title = title }).ShouldHaveValidationErrorFor("Listing.Title");

    [Fact]
    public void ShouldFail_WhenTheDescriptionIsLongerThan5000() =>
        Validate(listing: Listing() with { Description = new string('d', 5001) }).ShouldHaveValidationErrorFor("Listing.Description");

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("100000.01")]
    [InlineData("12.345")]
    public void ShouldFail_WhenThePriceIsNotAPositiveAmountUpTo100000WithTwoDecimals(string price) =>
        Validate(listing: Listing() with { Price = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) })
            .ShouldHaveValidationErrorFor("Listing.Price");

    [Theory]
    [InlineData("0.01")]
    [InlineData("100000")]
    [InlineData("950.50")]
    public void ShouldPass_WhenThePriceIsWithinRange(string price) =>
        Validate(listing: Listing() with { Price = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) })
            .ShouldNotHaveValidationErrorFor("Listing.Price");

    [Fact]
    public void ShouldFailOnTheEndDate_WhenTheDatesAreReversed() =>
        Validate(listing: Listing() with { StartDate = new DateOnly(2027, 6, 30), EndDate = new DateOnly(2027, 1, 1) })
            .ShouldHaveValidationErrorFor("Listing.EndDate");

    [Fact]
    public void ShouldPass_WhenTheListingStartsAndEndsOnTheSameDay() =>
        Validate(listing: Listing() with { StartDate = new DateOnly(2027, 1, 1), EndDate = new DateOnly(2027, 1, 1) })
            .ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    [InlineData(20, false)]
    [InlineData(21, true)]
    public void ShouldAcceptRoommatesFrom0To20(int roommates, bool fails) =>
        Validate(listing: Listing() with { Roommates = roommates })
            .Errors.Any(e => e.PropertyName == "Listing.Roommates").ShouldBe(fails);

    [Fact]
    public void ShouldFail_WhenAnAmenityIsNotOneOfTheSet() =>
        Validate(listing: Listing() with { Amenities = [Amenity.Wifi, (Amenity)42] }).IsValid.ShouldBeFalse();

    [Fact]
    public void ShouldFail_WhenMoreThan20ImageUrlsAreGiven() =>
        Validate(listing: Listing() with { ImageUrls = [.. Enumerable.Range(0, 21).Select(i => $"/uploads/{i}.png")] })
            .ShouldHaveValidationErrorFor("Listing.ImageUrls");

    [Fact]
    public void ShouldFail_WhenAnImageUrlIsEmpty() =>
        Validate(listing: Listing() with { ImageUrls = ["/uploads/a.png", ""] }).IsValid.ShouldBeFalse();

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    [InlineData(20, false)]
    [InlineData(21, true)]
    public void ShouldAcceptBedroomsFrom0To20(int bedrooms, bool fails) =>
        Validate(property: Property() with { Bedrooms = bedrooms })
            .Errors.Any(e => e.PropertyName == "Property.Bedrooms").ShouldBe(fails);

    [Theory]
    [InlineData("0", false)]
    [InlineData("2.5", false)]
    [InlineData("20", false)]
    [InlineData("1.25", true)]
    [InlineData("20.5", true)]
    [InlineData("-0.5", true)]
    public void ShouldAcceptBathroomsFrom0To20InHalfSteps(string bathrooms, bool fails) =>
        Validate(property: Property() with { Bathrooms = decimal.Parse(bathrooms, System.Globalization.CultureInfo.InvariantCulture) })
            .Errors.Any(e => e.PropertyName == "Property.Bathrooms").ShouldBe(fails);

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(ListingConstraints.AreaMax, false)]
    [InlineData(ListingConstraints.AreaMax + 1, true)]
    public void ShouldAcceptAPositiveArea(int area, bool fails) =>
        Validate(property: Property() with { Area = area })
            .Errors.Any(e => e.PropertyName == "Property.Area").ShouldBe(fails);

    [Fact]
    public void ShouldFail_WhenThePropertyTypeIsNotOneOfTheSet() =>
        Validate(property: Property() with { PropertyType = (PropertyType)42 }).ShouldHaveValidationErrorFor("Property.PropertyType");

    [Theory]
    [InlineData(90.0, false)]
    [InlineData(-90.0, false)]
    [InlineData(91.0, true)]
    [InlineData(-90.5, true)]
    public void ShouldAcceptLatitudesWithin90(double latitude, bool fails) =>
        Validate(Address() with { Latitude = latitude })
            .Errors.Any(e => e.PropertyName == "Address.Latitude").ShouldBe(fails);

    [Theory]
    [InlineData(180.0, false)]
    [InlineData(-180.0, false)]
    [InlineData(181.0, true)]
    [InlineData(-180.01, true)]
    public void ShouldAcceptLongitudesWithin180(double longitude, bool fails) =>
        Validate(Address() with { Longitude = longitude })
            .Errors.Any(e => e.PropertyName == "Address.Longitude").ShouldBe(fails);

    [Fact]
    public void ShouldFailOnTheLongitude_WhenOnlyTheLatitudeIsGiven() =>
        Validate(Address() with { Longitude = null }).ShouldHaveValidationErrorFor("Address.Longitude");

    [Fact]
    public void ShouldFailOnTheLatitude_WhenOnlyTheLongitudeIsGiven() =>
        Validate(Address() with { Latitude = null }).ShouldHaveValidationErrorFor("Address.Latitude");

    [Fact]
    public void ShouldPass_WhenNeitherCoordinateIsGiven() =>
        Validate(Address() with { Latitude = null, Longitude = null }).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("93117<script>")]
    [InlineData("93117;DROP")]
    [InlineData("12345678901")]
    public void ShouldFail_WhenTheZipCodeIsNotAPostalCode(string zip) =>
        Validate(Address() with { ZipCode = zip }).ShouldHaveValidationErrorFor("Address.ZipCode");

    [Fact]
    public void ShouldFail_WhenTheCityIsBlank() =>
        Validate(Address() with { City = "   " }).ShouldHaveValidationErrorFor("Address.City");

    [Fact]
    public void ShouldFail_WhenTheSinglePropertyImageUrlIsTooLong() =>
        Validate(property: Property() with { ImageUrl = "/uploads/" + new string('a', 600) }).ShouldHaveValidationErrorFor("Property.ImageUrl");
}
