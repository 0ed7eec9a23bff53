namespace Homelette.Domain.Listings;

/// <summary>The place itself: kind, rooms and size (square feet).</summary>
public sealed record PropertyDetails(PropertyType PropertyType, int Bedrooms, decimal Bathrooms, int Area);
