using System.Text.Json.Serialization;
using Homelette.Application.Users;
using Homelette.Domain.Listings;

namespace Homelette.Application.Listings;

/// <summary>A listing as it appears in search results and lists.</summary>
public sealed record ListingSummaryDto
{
    public required Guid Id { get; init; }

    public required Guid OwnerId { get; init; }

    public required string Title { get; init; }

    public required decimal Price { get; init; }

    public required DateOnly StartDate { get; init; }

    public required DateOnly EndDate { get; init; }

    public required string City { get; init; }

    public required string State { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public required PropertyType PropertyType { get; init; }

    public required int Bedrooms { get; init; }

    public required decimal Bathrooms { get; init; }

    public required int Roommates { get; init; }

    public required IReadOnlyList<Amenity> Amenities { get; init; }

    public required ListingStatus Status { get; init; }

    public string? CoverImageUrl { get; init; }

    public required int FavoriteCount { get; init; }

    /// <summary>Whether the signed-in caller saved it; absent for anonymous callers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? IsFavorite { get; init; }

    /// <summary>Kilometres from the <c>near</c> point, when one was given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DistanceKm { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

public sealed record AddressDto(
    string StreetAddress,
    string? AptNumber,
    string City,
    string State,
    string ZipCode,
    double? Latitude,
    double? Longitude);

public sealed record PropertyDto(PropertyType PropertyType, int Bedrooms, decimal Bathrooms, int Area);

public sealed record ListingImageDto(Guid ImageId, string Url, int Position);

/// <summary>Everything about one listing.</summary>
public sealed record ListingDto
{
    public required Guid Id { get; init; }

    public required UserDto Owner { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public required decimal Price { get; init; }

    public required DateOnly StartDate { get; init; }

    public required DateOnly EndDate { get; init; }

    public required int Roommates { get; init; }

    public required IReadOnlyList<Amenity> Amenities { get; init; }

    public required ListingStatus Status { get; init; }

    public required AddressDto Address { get; init; }

    public required PropertyDto Property { get; init; }

    public required IReadOnlyList<ListingImageDto> Images { get; init; }

    public string? CoverImageUrl { get; init; }

    public required long ViewCount { get; init; }

    public required int FavoriteCount { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? IsFavorite { get; init; }

    /// <summary>Send it back (or as If-Match) when updating, so that a stale edit is refused.</summary>
    public required int Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}

public sealed record ListingStatsDto(Guid ListingId, long ViewCount, int UniqueViewers, int FavoriteCount, int ConversationCount);

public sealed record UploadedImageDto(string ImageUrl);
