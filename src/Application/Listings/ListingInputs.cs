using Homelette.Domain.Listings;

namespace Homelette.Application.Listings;

/// <summary>
/// The earlier backend's nested listing body. Every field is nullable so that a missing one is reported by name
/// (on create every required field must be present; on update a missing field keeps its value).
/// </summary>
public sealed record AddressInput
{
    public string? StreetAddress { get; init; }

    public string? AptNumber { get; init; }

    public string? City { get; init; }

    public string? State { get; init; }

    public string? ZipCode { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }
}

public sealed record PropertyInput
{
    public PropertyType? PropertyType { get; init; }

    public int? Bedrooms { get; init; }

    public decimal? Bathrooms { get; init; }

    /// <summary>Square feet.</summary>
    public int? Area { get; init; }

    /// <summary>The earlier backend's single photo: an earlier upload's URL, added before <c>listing.image_urls</c>.</summary>
    public string? ImageUrl { get; init; }
}

public sealed record ListingInput
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public decimal? Price { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? EndDate { get; init; }

    public int? Roommates { get; init; }

    public IReadOnlyList<Amenity>? Amenities { get; init; }

    /// <summary>URLs returned by <c>POST /api/listings/upload-image</c>, in the order to show them.</summary>
    public IReadOnlyList<string>? ImageUrls { get; init; }
}

public static class ListingInputMerge
{
    /// <summary>The listing's details with the given fields replaced; an empty apt number or description clears it.</summary>
    public static ListingDetails Merge(this ListingDetails current, AddressInput? address, PropertyInput? property, ListingInput? listing)
    {
        ArgumentNullException.ThrowIfNull(current);
        var a = current.Address;
        var p = current.Property;
        return new ListingDetails(
            listing?.Title ?? current.Title,
            listing?.Description ?? current.Description,
            listing?.Price ?? current.Price,
            listing?.StartDate ?? current.StartDate,
            listing?.EndDate ?? current.EndDate,
            listing?.Roommates ?? current.Roommates,
            listing?.Amenities?.ToFlags() ?? current.Amenities,
            new Address(
                address?.StreetAddress ?? a.StreetAddress,
                address?.AptNumber ?? a.AptNumber,
                address?.City ?? a.City,
                address?.State ?? a.State,
                address?.ZipCode ?? a.ZipCode,
                address?.Latitude ?? a.Latitude,
                address?.Longitude ?? a.Longitude),
            new PropertyDetails(
                property?.PropertyType ?? p.PropertyType,
                property?.Bedrooms ?? p.Bedrooms,
                property?.Bathrooms ?? p.Bathrooms,
                property?.Area ?? p.Area));
    }
}
