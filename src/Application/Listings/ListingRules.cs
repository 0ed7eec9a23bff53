using FluentValidation;
using Homelette.Domain.Listings;

namespace Homelette.Application.Listings;

/// <summary>Field rules of the nested listing body, shared by create (everything required) and update (anything optional).</summary>
internal sealed class AddressInputValidator : AbstractValidator<AddressInput>
{
    public AddressInputValidator(bool required)
    {
        RuleFor(a => a.StreetAddress).NotEmpty().When(_ => required).MaximumLength(ListingConstraints.StreetAddressMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.");
        RuleFor(a => a.AptNumber).MaximumLength(ListingConstraints.AptNumberMaxLength);
        RuleFor(a => a.City).NotEmpty().When(_ => required).MaximumLength(ListingConstraints.CityMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.");
        RuleFor(a => a.State).NotEmpty().When(_ => required).MaximumLength(ListingConstraints.StateMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.");
        RuleFor(a => a.ZipCode).NotEmpty().When(_ => required).MaximumLength(ListingConstraints.ZipCodeMaxLength)
            .Matches("^[A-Za-z0-9 -]*$").WithMessage("'{PropertyName}' may hold only letters, digits, spaces and dashes.");
        RuleFor(a => a.Latitude).InclusiveBetween(-90, 90);
        RuleFor(a => a.Longitude).InclusiveBetween(-180, 180);
    }
}

internal sealed class PropertyInputValidator : AbstractValidator<PropertyInput>
{
    public PropertyInputValidator(bool required)
    {
        RuleFor(p => p.PropertyType).NotNull().When(_ => required).IsInEnum();
        RuleFor(p => p.Bedrooms).NotNull().When(_ => required).InclusiveBetween(0, ListingConstraints.BedroomsMax);
        RuleFor(p => p.Bathrooms).NotNull().When(_ => required).InclusiveBetween(0, ListingConstraints.BathroomsMax)
            .Must(b => b is null || b.Value % ListingConstraints.BathroomsStep == 0)
            .WithMessage("'{PropertyName}' must be a multiple of 0.5.");
        RuleFor(p => p.Area).NotNull().When(_ => required).GreaterThan(0).LessThanOrEqualTo(ListingConstraints.AreaMax);
        RuleFor(p => p.ImageUrl).MaximumLength(ListingConstraints.ImageUrlMaxLength);
    }
}

internal sealed class ListingInputValidator : AbstractValidator<ListingInput>
{
    public ListingInputValidator(bool required)
    {
        RuleFor(l => l.Title).NotEmpty().When(_ => required).MaximumLength(ListingConstraints.TitleMaxLength)
            .Must(t => t is null || t.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.");
        RuleFor(l => l.Description).MaximumLength(ListingConstraints.DescriptionMaxLength);
        RuleFor(l => l.Price).NotNull().When(_ => required).GreaterThan(0).LessThanOrEqualTo(ListingConstraints.PriceMax)
            .PrecisionScale(ListingConstraints.PricePrecision, ListingConstraints.PriceScale, ignoreTrailingZeros: true);
        RuleFor(l => l.StartDate).NotNull().When(_ => required);
        RuleFor(l => l.EndDate).NotNull().When(_ => required);
        RuleFor(l => l.EndDate).GreaterThanOrEqualTo(l => l.StartDate)
            .When(l => l.StartDate is not null && l.EndDate is not null)
            .WithMessage("'{PropertyName}' must be on or after the start date.");
        RuleFor(l => l.Roommates).InclusiveBetween(0, ListingConstraints.RoommatesMax);
        RuleForEach(l => l.Amenities).IsInEnum();
        RuleFor(l => l.ImageUrls).Must(urls => urls is null || urls.Count <= ListingConstraints.ImagesMax)
            .WithMessage($"A listing holds at most {ListingConstraints.ImagesMax} images.");
        RuleForEach(l => l.ImageUrls).NotEmpty().MaximumLength(ListingConstraints.ImageUrlMaxLength);
    }
}
