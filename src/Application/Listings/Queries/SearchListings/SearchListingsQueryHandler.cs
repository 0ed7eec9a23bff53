using FluentValidation;
using FluentValidation.Results;
using Homelette.Application.Common;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Domain.Listings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Listings.Queries.SearchListings;

public sealed class SearchListingsQueryHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    CursorCodec cursors,
    IListingTextSearch textSearch)
    : IQueryHandler<SearchListingsQuery, Page<ListingSummaryDto>>
{
    private const int MaxWords = 8;
    private const double FirstCircleKm = 0.25;
    private const double CircleGrowth = 4;

    public async ValueTask<Page<ListingSummaryDto>> Handle(SearchListingsQuery query, CancellationToken cancellationToken)
    {
        var viewerId = currentUser.Id;
        var sort = WireNames.TryParse<ListingSort>(query.Sort, out var s) ? s : ListingSort.Newest;
        var limit = query.Limit ?? PagingConstraints.DefaultLimit;
        GeoPoint? near = Geo.TryParsePoint(query.Near, out var point) ? point : null;
        var radiusKm = query.RadiusKm ?? Geo.DefaultRadiusKm;

        ListingCursor? cursor = null;
        if (query.Cursor is { } cursorText)
        {
            cursor = cursors.Decode<ListingCursor>(cursorText);
            if (cursor.Sort != WireNames.Of(sort))
            {
                throw new ValidationException([new ValidationFailure(nameof(query.Cursor), "The cursor belongs to another sort order.")]);
            }
        }

        // Nearest first: no index returns rows in distance order, so search growing circles. The rows within a
        // smaller circle are exactly the first rows of the whole order; a full page there means no need to look further.
        var searchRadiusKm = sort == ListingSort.Distance
            ? Math.Min(radiusKm, (cursor?.Distance ?? 0) + FirstCircleKm)
            : radiusKm;
        while (true)
        {
            var page = await Order(Rows(query, viewerId, near, searchRadiusKm, sort, cursor), sort)
                .Take(limit + 1)
                .ToListAsync(cancellationToken);
            if (page.Count > limit || searchRadiusKm >= radiusKm)
            {
                return ToPage(page, limit, sort);
            }

            searchRadiusKm = Math.Min(radiusKm, searchRadiusKm * CircleGrowth);
        }
    }

    private IQueryable<ListingSummaries.Row> Rows(
        SearchListingsQuery query, Guid? viewerId, GeoPoint? near, double radiusKm, ListingSort sort, ListingCursor? cursor)
    {
        var listings = Filter(db.Listings.AsNoTracking(), query, viewerId, near, radiusKm);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            listings = textSearch.Matching(listings, query.Q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(MaxWords).ToList());
        }

        var rows = listings.ToRows(db, viewerId, near);
        if (near is not null)
        {
            rows = rows.Where(r => r.DistanceKm <= radiusKm);
        }

        return cursor is null ? rows : After(rows, sort, cursor);
    }

    private Page<ListingSummaryDto> ToPage(List<ListingSummaries.Row> page, int limit, ListingSort sort)
    {
        var next = page.Count > limit ? cursors.Encode(CursorAfter(page[limit - 1], sort)) : null;
        return new Page<ListingSummaryDto>(page.Take(limit).Select(r => r.ToDto()).ToList(), next);
    }

    private static IQueryable<Listing> Filter(IQueryable<Listing> listings, SearchListingsQuery query, Guid? viewerId, GeoPoint? near, double radiusKm)
    {
        var status = WireNames.TryParse<ListingStatus>(query.Status, out var st) ? st : ListingStatus.Active;
        listings = listings.Where(l => l.Status == status);
        if (status != ListingStatus.Active)
        {
            // Rented and archived listings are their owner's business.
            listings = listings.Where(l => l.OwnerId == viewerId);
        }

        if (query.OwnerId is { } ownerId)
        {
            listings = listings.Where(l => l.OwnerId == ownerId);
        }

        if (query.PriceMin is { } priceMin)
        {
            listings = listings.Where(l => l.Price >= priceMin);
        }

        if (query.PriceMax is { } priceMax)
        {
            listings = listings.Where(l => l.Price <= priceMax);
        }

        if (query.Bedrooms is { } bedrooms)
        {
            listings = listings.Where(l => l.Bedrooms == bedrooms);
        }

        if (query.BedroomsMin is { } bedroomsMin)
        {
            listings = listings.Where(l => l.Bedrooms >= bedroomsMin);
        }

        if (query.BathroomsMin is { } bathroomsMin)
        {
            listings = listings.Where(l => l.Bathrooms >= bathroomsMin);
        }

        if (!string.IsNullOrWhiteSpace(query.City))
        {
            // The column's collation (utf8mb4_unicode_ci) compares case-insensitively, and keeps the index usable.
            var city = query.City.Trim();
            listings = listings.Where(l => l.City == city);
        }

        if (WireNames.TryParse<PropertyType>(query.PropertyType, out var propertyType) && query.PropertyType is not null)
        {
            listings = listings.Where(l => l.PropertyType == propertyType);
        }

        if (query.StartDate is { } startDate)
        {
            listings = listings.Where(l => l.StartDate <= startDate);
        }

        if (query.EndDate is { } endDate)
        {
            listings = listings.Where(l => l.EndDate >= endDate);
        }

        if (query.RoommatesMax is { } roommatesMax)
        {
            listings = listings.Where(l => l.Roommates <= roommatesMax);
        }

        if (WireNames.TryParseList<Amenity>(query.Amenities, out var amenities) && amenities.Count > 0)
        {
            var mask = amenities.ToFlags();
            listings = listings.Where(l => (l.Amenities & mask) == mask);
        }

        if (near is { } center)
        {
            listings = Within(listings, Geo.BoundingBox(center, radiusKm));
        }

        if (Geo.TryParseBox(query.Bbox, out var box))
        {
            listings = Within(listings, box);
        }

        return listings;
    }

    private static IQueryable<Listing> Within(IQueryable<Listing> listings, GeoBox box) =>
        listings.Where(l => l.Latitude >= box.MinLatitude && l.Latitude <= box.MaxLatitude
            && l.Longitude >= box.MinLongitude && l.Longitude <= box.MaxLongitude);

    private static IQueryable<ListingSummaries.Row> Order(IQueryable<ListingSummaries.Row> rows, ListingSort sort) => sort switch
    {
        ListingSort.PriceAsc => rows.OrderBy(r => r.Price).ThenBy(r => r.Id),
        ListingSort.PriceDesc => rows.OrderByDescending(r => r.Price).ThenByDescending(r => r.Id),
        ListingSort.Distance => rows.OrderBy(r => r.DistanceKm).ThenBy(r => r.Id),
        _ => rows.OrderByDescending(r => r.Id),
    };

    /// <summary>Keyset: the rows strictly after the cursor in the sort order (ids are time-ordered UUIDs).</summary>
    private static IQueryable<ListingSummaries.Row> After(IQueryable<ListingSummaries.Row> rows, ListingSort sort, ListingCursor cursor)
    {
        var id = cursor.Id;
        switch (sort)
        {
            case ListingSort.PriceAsc:
                var ascending = cursor.Price ?? throw Tampered();
                return rows.Where(r => r.Price > ascending || (r.Price == ascending && r.Id > id));
            case ListingSort.PriceDesc:
                var descending = cursor.Price ?? throw Tampered();
                return rows.Where(r => r.Price < descending || (r.Price == descending && r.Id < id));
            case ListingSort.Distance:
                var distance = cursor.Distance ?? throw Tampered();
                return rows.Where(r => r.DistanceKm > distance || (r.DistanceKm == distance && r.Id > id));
            default:
                return rows.Where(r => r.Id < id);
        }
    }

    private static ListingCursor CursorAfter(ListingSummaries.Row last, ListingSort sort) =>
        new(WireNames.Of(sort), last.Price, last.DistanceKm, last.Id);

    private static ValidationException Tampered() =>
        new([new ValidationFailure("Cursor", "The cursor is not valid; start again without one.")]);

}
