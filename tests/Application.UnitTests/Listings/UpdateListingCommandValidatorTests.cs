using FluentValidation.TestHelper;
using Homelette.Application.Listings;
using Homelette.Application.Listings.Commands.UpdateListing;
using Homelette.Domain.Listings;

namespace Homelette.Application.UnitTests.Listings;

public sealed class UpdateListingCommandValidatorTests
{
    private static readonly Guid ListingId = Guid.CreateVersion7();

    private readonly UpdateListingCommandValidator _validator = new();

    private TestValidationResult<UpdateListingCommand> Validate(ListingChangesInput body, int? ifMatch = null) =>
        _validator.TestValidate(new UpdateListingCommand(ListingId, body, ifMatch));

    [Fact]
    public void ShouldPass_WhenTheBodyChangesNothing() => Validate(new ListingChangesInput()).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldPass_WhenOnlyOneFieldIsGiven() =>
        Validate(new ListingChangesInput { Listing = new ListingInput { Price = 1200m } }).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldPass_WhenOnlyTheEndDateIsGiven() =>
        Validate(new ListingChangesInput { Listing = new ListingInput { EndDate = new DateOnly(2020, 1, 1) } }).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("100000.01")]
    public void ShouldFailOnThePrice_WhenAGivenPriceIsOutOfRange(string price) =>
        Validate(new ListingChangesInput { Listing = new ListingInput { Price = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) } })
            .ShouldHaveValidationErrorFor("Body.Listing.Price");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ShouldFailOnTheTitle_WhenAGivenTitleIsBlank(string title) =>
        Validate(new ListingChangesInput { Listing = new ListingInput { Title = title } }).ShouldHaveValidationErrorFor("Body.Listing.Title");

    [Fact]
    public void ShouldFailOnTheEndDate_WhenBothGivenDatesAreReversed() =>
        Validate(new ListingChangesInput
        {
            Listing = new ListingInput { StartDate = new DateOnly(2027, 6, 30), EndDate = new DateOnly(2027, 1, 1) },
        }).ShouldHaveValidationErrorFor("Body.Listing.EndDate");

    [Fact]
    public void ShouldFailOnTheLatitude_WhenAGivenLatitudeIsOutOfRange() =>
        Validate(new ListingChangesInput { Address = new AddressInput { Latitude = 91 } }).ShouldHaveValidationErrorFor("Body.Address.Latitude");

    [Fact]
    public void ShouldFailOnTheBathrooms_WhenNotAHalfStep() =>
        Validate(new ListingChangesInput { Property = new PropertyInput { Bathrooms = 1.3m } }).ShouldHaveValidationErrorFor("Body.Property.Bathrooms");

    [Fact]
    public void ShouldFailOnTheBedrooms_WhenOutOfRange() =>
        Validate(new ListingChangesInput { Property = new PropertyInput { Bedrooms = 21 } }).ShouldHaveValidationErrorFor("Body.Property.Bedrooms");

    [Fact]
    public void ShouldFail_WhenMoreThan20ImageUrlsAreGiven() =>
        Validate(new ListingChangesInput { Listing = new ListingInput { ImageUrls = [.. Enumerable.Range(0, 21).Select(i => $"/uploads/{i}.png")] } })
            .ShouldHaveValidationErrorFor("Body.Listing.ImageUrls");

    [Fact]
    public void ShouldFail_WhenAnAmenityIsNotOneOfTheSet() =>
        Validate(new ListingChangesInput { Listing = new ListingInput { Amenities = [(Amenity)42] } }).IsValid.ShouldBeFalse();

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ShouldFailOnTheVersion_WhenItIsNotPositive(int version) =>
        Validate(new ListingChangesInput { Version = version }).ShouldHaveValidationErrorFor("Body.Version");

    [Fact]
    public void ShouldFailOnTheVersion_WhenTheBodyAndIfMatchDisagree() =>
        Validate(new ListingChangesInput { Version = 3 }, ifMatch: 4).ShouldHaveValidationErrorFor("Body.Version");

    [Fact]
    public void ShouldPass_WhenTheBodyAndIfMatchAgree() =>
        Validate(new ListingChangesInput { Version = 3 }, ifMatch: 3).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldPass_WhenOnlyIfMatchCarriesTheVersion() =>
        Validate(new ListingChangesInput(), ifMatch: 3).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void ShouldReportTheBody_WhenTheBodyIsMissing() =>
        _validator.TestValidate(new UpdateListingCommand(ListingId, null!)).ShouldHaveValidationErrorFor("Body");
}
