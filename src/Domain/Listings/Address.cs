namespace Homelette.Domain.Listings;

/// <summary>Where a listing is. Coordinates are optional: a listing without them is not found by map or distance.</summary>
public sealed record Address(
    string StreetAddress,
    string? AptNumber,
    string City,
    string State,
    string ZipCode,
    double? Latitude,
    double? Longitude);
