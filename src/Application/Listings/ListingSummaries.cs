using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Listings;

namespace Homelette.Application.Listings;

/// <summary>The one projection of listings into search results, shared by every list of listings.</summary>
internal static class ListingSummaries
{
    private const double Radians = Math.PI / 180;

    /// <summary>A row as the database returns it; amenities are still a bit mask. Init-only so EF can filter and sort on it.</summary>
    internal sealed record Row
    {
        public Guid Id { get; init; }

        public Guid OwnerId { get; init; }

        public string Title { get; init; } = string.Empty;

        public decimal Price { get; init; }

        public DateOnly StartDate { get; init; }

        public DateOnly EndDate { get; init; }

        public string City { get; init; } = string.Empty;

        public string State { get; init; } = string.Empty;

        public double? Latitude { get; init; }

        public double? Longitude { get; init; }

        public PropertyType PropertyType { get; init; }

        public int Bedrooms { get; init; }

        public decimal Bathrooms { get; init; }

        public int Roommates { get; init; }

        public Amenities Amenities { get; init; }

        public ListingStatus Status { get; init; }

        public string? CoverImageUrl { get; init; }

        public int FavoriteCount { get; init; }

        public bool? IsFavorite { get; init; }

        public double? DistanceKm { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public ListingSummaryDto ToDto() => new()
        {
            Id = Id,
            OwnerId = OwnerId,
            Title = Title,
            Price = Price,
            StartDate = StartDate,
            EndDate = EndDate,
            City = City,
            State = State,
            Latitude = Latitude,
            Longitude = Longitude,
            PropertyType = PropertyType,
            Bedrooms = Bedrooms,
            Bathrooms = Bathrooms,
            Roommates = Roommates,
            Amenities = Amenities.ToList(),
            Status = Status,
            CoverImageUrl = CoverImageUrl,
            FavoriteCount = FavoriteCount,
            IsFavorite = IsFavorite,
            DistanceKm = DistanceKm is { } km ? Math.Round(km, 3) : null,
            CreatedAt = CreatedAt,
        };
    }

    /// <summary>
    /// Projects listings to rows: favorites counted through their index, the viewer's own favorite, and the
    /// great-circle (haversine) distance from a point, computed in SQL so that it can be filtered and sorted on.
    /// </summary>
    public static IQueryable<Row> ToRows(this IQueryable<Listing> listings, IAppDbContext db, Guid? viewerId, GeoPoint? near)
    {
        var hasPoint = near is not null;
        var lat = (near?.Latitude ?? 0) * Radians;
        var lng = (near?.Longitude ?? 0) * Radians;
        var cosLat = Math.Cos(lat);
        return listings.Select(l => new Row
        {
            Id = l.Id,
            OwnerId = l.OwnerId,
            Title = l.Title,
            Price = l.Price,
            StartDate = l.StartDate,
            EndDate = l.EndDate,
            City = l.City,
            State = l.State,
            Latitude = l.Latitude,
            Longitude = l.Longitude,
            PropertyType = l.PropertyType,
            Bedrooms = l.Bedrooms,
            Bathrooms = l.Bathrooms,
            Roommates = l.Roommates,
            Amenities = l.Amenities,
            Status = l.Status,
            CoverImageUrl = l.CoverImageUrl,
            FavoriteCount = db.Favorites.Count(f => f.ListingId == l.Id),
            IsFavorite = viewerId == null ? null : db.Favorites.Any(f => f.ListingId == l.Id && f.UserId == viewerId),
            DistanceKm = hasPoint && l.Latitude != null && l.Longitude != null
                ? 2 * Geo.EarthRadiusKm * Math.Asin(Math.Sqrt(
                    (Math.Sin(((l.Latitude.Value * Radians) - lat) / 2) * Math.Sin(((l.Latitude.Value * Radians) - lat) / 2))
                    + (cosLat * Math.Cos(l.Latitude.Value * Radians)
                       * Math.Sin(((l.Longitude.Value * Radians) - lng) / 2) * Math.Sin(((l.Longitude.Value * Radians) - lng) / 2))))
                : null,
            CreatedAt = l.CreatedAt,
        });
    }
}
