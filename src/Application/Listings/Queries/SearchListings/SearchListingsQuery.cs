using Homelette.Application.Common.Paging;
using Mediator;

namespace Homelette.Application.Listings.Queries.SearchListings;

/// <summary>
/// Finds listings. Enum-like filters arrive as the strings clients send (snake_case names) and are checked by the
/// validator, so that a wrong value is reported by field name.
/// </summary>
public sealed record SearchListingsQuery : IQuery<Page<ListingSummaryDto>>
{
    public decimal? PriceMin { get; init; }

    public decimal? PriceMax { get; init; }

    /// <summary>Exactly this many bedrooms (as the earlier backend did).</summary>
    public int? Bedrooms { get; init; }

    public int? BedroomsMin { get; init; }

    public decimal? BathroomsMin { get; init; }

    /// <summary>Case-insensitive.</summary>
    public string? City { get; init; }

    public string? PropertyType { get; init; }

    /// <summary>Available on or before this date (the listing starts by then).</summary>
    public DateOnly? StartDate { get; init; }

    /// <summary>Available through this date (the listing ends on or after it).</summary>
    public DateOnly? EndDate { get; init; }

    public int? RoommatesMax { get; init; }

    /// <summary>Comma-separated; every one is required.</summary>
    public string? Amenities { get; init; }

    /// <summary>"lat,lng": only listings within <see cref="RadiusKm"/>, each with its distance.</summary>
    public string? Near { get; init; }

    public double? RadiusKm { get; init; }

    /// <summary>"min_lng,min_lat,max_lng,max_lat": the map view.</summary>
    public string? Bbox { get; init; }

    /// <summary>Words that must all appear in the title, description or street.</summary>
    public string? Q { get; init; }

    public Guid? OwnerId { get; init; }

    /// <summary>active (default), rented or archived; other statuses than active show only the caller's own listings.</summary>
    public string? Status { get; init; }

    /// <summary>newest (default), price_asc, price_desc or distance (needs near).</summary>
    public string? Sort { get; init; }

    public int? Limit { get; init; }

    public string? Cursor { get; init; }
}

public enum ListingSort
{
    Newest,
    PriceAsc,
    PriceDesc,
    Distance,
}

/// <summary>Where a page ended: the sort it belongs to, the last row's sort key and its id.</summary>
internal sealed record ListingCursor(string Sort, decimal? Price, double? Distance, Guid Id);
