using FluentValidation;
using Homelette.Application.Common;
using Homelette.Application.Common.Paging;
using Homelette.Domain.Listings;

namespace Homelette.Application.Listings.Queries.SearchListings;

public sealed class SearchListingsQueryValidator : AbstractValidator<SearchListingsQuery>
{
    public SearchListingsQueryValidator()
    {
        RuleFor(q => q.PriceMin).InclusiveBetween(0, ListingConstraints.PriceMax);
        RuleFor(q => q.PriceMax).InclusiveBetween(0, ListingConstraints.PriceMax);
        RuleFor(q => q.PriceMax).GreaterThanOrEqualTo(q => q.PriceMin!.Value).When(q => q.PriceMin is not null && q.PriceMax is not null)
            .WithMessage("'price_max' must not be below 'price_min'.");
        RuleFor(q => q.Bedrooms).InclusiveBetween(0, ListingConstraints.BedroomsMax);
        RuleFor(q => q.BedroomsMin).InclusiveBetween(0, ListingConstraints.BedroomsMax);
        RuleFor(q => q.BathroomsMin).InclusiveBetween(0, ListingConstraints.BathroomsMax);
        RuleFor(q => q.RoommatesMax).InclusiveBetween(0, ListingConstraints.RoommatesMax);
        RuleFor(q => q.City).MaximumLength(ListingConstraints.CityMaxLength);
        RuleFor(q => q.Q).MaximumLength(ListingConstraints.SearchTextMaxLength);
        RuleFor(q => q.EndDate).GreaterThanOrEqualTo(q => q.StartDate!.Value).When(q => q.StartDate is not null && q.EndDate is not null)
            .WithMessage("'end_date' must not be before 'start_date'.");
        RuleFor(q => q.PropertyType).Must(t => t is null || WireNames.TryParse<PropertyType>(t, out _))
            .WithMessage($"Use one of: {WireNames.Names<PropertyType>()}.");
        RuleFor(q => q.Status).Must(s => s is null || WireNames.TryParse<ListingStatus>(s, out _))
            .WithMessage($"Use one of: {WireNames.Names<ListingStatus>()}.");
        RuleFor(q => q.Sort).Must(s => s is null || WireNames.TryParse<ListingSort>(s, out _))
            .WithMessage($"Use one of: {WireNames.Names<ListingSort>()}.");
        RuleFor(q => q.Amenities).Must(a => WireNames.TryParseList<Amenity>(a, out _))
            .WithMessage($"Use a comma-separated list of: {WireNames.Names<Amenity>()}.");
        RuleFor(q => q.Near).Must(n => n is null || Geo.TryParsePoint(n, out _))
            .WithMessage("Use 'lat,lng' with latitude within ±90 and longitude within ±180.");
        RuleFor(q => q.RadiusKm).GreaterThan(0).LessThanOrEqualTo(ListingConstraints.RadiusMaxKm);
        RuleFor(q => q.RadiusKm).Null().When(q => q.Near is null).WithMessage("'radius_km' needs 'near'.");
        RuleFor(q => q.Bbox).Must(b => b is null || Geo.TryParseBox(b, out _))
            .WithMessage("Use 'min_lng,min_lat,max_lng,max_lat' within ±180/±90 with each minimum below its maximum.");
        RuleFor(q => q.Sort).Must((q, s) => q.Near is not null)
            .When(q => WireNames.TryParse<ListingSort>(q.Sort, out var sort) && sort == ListingSort.Distance)
            .WithMessage("Sorting by distance needs 'near'.");
        RuleFor(q => q.Limit).InclusiveBetween(1, PagingConstraints.MaxLimit);
        RuleFor(q => q.Cursor).MaximumLength(PagingConstraints.CursorMaxLength);
    }
}
