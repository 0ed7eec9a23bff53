using Homelette.Application.Listings.Queries.SearchListings;
using Microsoft.AspNetCore.Mvc;

namespace Homelette.WebApi.Endpoints;

/// <summary>The query string of GET /api/listings, in the wire's snake_case names.</summary>
public sealed record SearchListingsParameters
{
    [FromQuery(Name = "price_min")]
    public decimal? PriceMin { get; init; }

    [FromQuery(Name = "price_max")]
    public decimal? PriceMax { get; init; }

    [FromQuery(Name = "bedrooms")]
    public int? Bedrooms { get; init; }

    [FromQuery(Name = "bedrooms_min")]
    public int? BedroomsMin { get; init; }

    [FromQuery(Name = "bathrooms_min")]
    public decimal? BathroomsMin { get; init; }

    [FromQuery(Name = "city")]
    public string? City { get; init; }

    /// <summary>apartment, house, condo, townhouse, studio or room.</summary>
    [FromQuery(Name = "property_type")]
    public string? PropertyType { get; init; }

    /// <summary>Available on or before this date.</summary>
    [FromQuery(Name = "start_date")]
    public DateOnly? StartDate { get; init; }

    /// <summary>Available through this date.</summary>
    [FromQuery(Name = "end_date")]
    public DateOnly? EndDate { get; init; }

    [FromQuery(Name = "roommates_max")]
    public int? RoommatesMax { get; init; }

    /// <summary>Comma-separated, all required: wifi, water, electricity, gas, trash, laundry, parking, furnished, air_conditioning, pets_allowed, private_bathroom.</summary>
    [FromQuery(Name = "amenities")]
    public string? Amenities { get; init; }

    /// <summary>"lat,lng"; results carry distance_km.</summary>
    [FromQuery(Name = "near")]
    public string? Near { get; init; }

    /// <summary>With near: 0 &lt; radius ≤ 100 (default 10).</summary>
    [FromQuery(Name = "radius_km")]
    public double? RadiusKm { get; init; }

    /// <summary>"min_lng,min_lat,max_lng,max_lat".</summary>
    [FromQuery(Name = "bbox")]
    public string? Bbox { get; init; }

    [FromQuery(Name = "q")]
    public string? Q { get; init; }

    [FromQuery(Name = "owner_id")]
    public Guid? OwnerId { get; init; }

    /// <summary>active (default), rented or archived (the last two: your own listings only).</summary>
    [FromQuery(Name = "status")]
    public string? Status { get; init; }

    /// <summary>newest (default), price_asc, price_desc or distance.</summary>
    [FromQuery(Name = "sort")]
    public string? Sort { get; init; }

    /// <summary>1–100, default 20.</summary>
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }

    public SearchListingsQuery ToQuery() => new()
    {
        PriceMin = PriceMin,
        PriceMax = PriceMax,
        Bedrooms = Bedrooms,
        BedroomsMin = BedroomsMin,
        BathroomsMin = BathroomsMin,
        City = City,
        PropertyType = PropertyType,
        StartDate = StartDate,
        EndDate = EndDate,
        RoommatesMax = RoommatesMax,
        Amenities = Amenities,
        Near = Near,
        RadiusKm = RadiusKm,
        Bbox = Bbox,
        Q = Q,
        OwnerId = OwnerId,
        Status = Status,
        Sort = Sort,
        Limit = Limit,
        Cursor = Cursor,
    };
}
