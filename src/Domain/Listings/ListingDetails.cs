namespace Homelette.Domain.Listings;

/// <summary>Everything a subletter describes when posting a listing.</summary>
public sealed record ListingDetails(
    string Title,
    string? Description,
    decimal Price,
    DateOnly StartDate,
    DateOnly EndDate,
    int Roommates,
    Amenities Amenities,
    Address Address,
    PropertyDetails Property);
