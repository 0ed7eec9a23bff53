using FluentValidation;
using FluentValidation.Results;
using Homelette.Application.Common;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Domain.Listings;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Homelette.Application.Listings.Queries.SearchListings;

public sealed class SearchListingsQueryHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    CursorCodec cursors,
    IListingTextSearch textSearch,
    IOptions<ListingSearchOptions> options)
    : IQueryHandler<SearchListingsQuery, Page<ListingSummaryDto>>
{
    private const int MaxWords = 8;
    private const double MaxCircleGrowth = 4;

    /// <summary>
    /// Four or more required amenities are few enough sets (at most 128 of the 2,048) to list, so that
    /// ix_listings_status_amenities_id can find a rare combination; MariaDB estimates up to 200 listed values
    /// from the index itself and picks it only when it beats walking the newest listings. Fewer required
    /// amenities are common enough that the walk finds a page soon, and is checked per row with the bit mask.
    /// </summary>
    private const int MaxAmenitySets = 128;

    public async ValueTask<Page<ListingSummaryDto>> Handle(SearchListingsQuery query, CancellationToken cancellationToken)
    {
        var sort = WireNames.TryParse<ListingSort>(query.Sort, out var s) ? s : ListingSort.Newest;
        ListingCursor? cursor = null;
        if (query.Cursor is { } cursorText)
        {
            cursor = cursors.Decode<ListingCursor>(cursorText);
            if (cursor.Sort != WireNames.Of(sort))
            {
                throw new ValidationException([new ValidationFailure(nameof(query.Cursor), "The cursor belongs to another sort order.")]);
            }
        }

        var search = new Search(
            query,
            currentUser.Id,
            sort,
            cursor,
            query.Limit ?? PagingConstraints.DefaultLimit,
            Geo.TryParsePoint(query.Near, out var point) ? point : null,
            query.RadiusKm ?? Geo.DefaultRadiusKm,
            string.IsNullOrWhiteSpace(query.Q) ? [] : [.. query.Q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(MaxWords)]);
        List<ListingSummaries.Row> rows;
        if (sort == ListingSort.Distance)
        {
            rows = await NearestAsync(search, cancellationToken);
        }
        else if ((query.Bbox is not null || search.Near is not null) && await FewInTheBoxAsync(search, cancellationToken))
        {
            // Fetch them all through the latitude/longitude index and sort here: asked for a page in order, the
            // optimizer would rather walk the ordering index, and in a box where few listings are, that walk
            // reads most of the table before it finds a page.
            var all = await Rows(search, search.RadiusKm, useTextIndex: true).ToListAsync(cancellationToken);
            rows = [.. Order(all.AsQueryable(), sort).Take(search.Limit + 1)];
        }
        else if (sort == ListingSort.Newest && search.Words.Count > 0)
        {
            rows = await NewestWithWordsAsync(search, cancellationToken);
        }
        else
        {
            rows = await Order(Rows(search, search.RadiusKm, useTextIndex: true), sort).Take(search.Limit + 1).ToListAsync(cancellationToken);
        }

        return ToPage(rows, search.Limit, sort);
    }

    /// <summary>
    /// Whether the box holds few enough listings to fetch them all: counted in the latitude/longitude index
    /// alone (status, latitude and longitude are all in it), and never further than one past the threshold.
    /// </summary>
    private async Task<bool> FewInTheBoxAsync(Search search, CancellationToken cancellationToken)
    {
        var inTheBox = Boxed(Scope(db.Listings.AsNoTracking(), search.Query, search.ViewerId), search.Query, search.Near, search.RadiusKm);
        var small = options.Value.SmallBoxListings;
        return await inTheBox.Take(small + 1).CountAsync(cancellationToken) <= small;
    }

    /// <summary>
    /// Nearest first: no index returns rows in distance order, so search growing circles (rings after a cursor).
    /// The rows within a smaller circle are exactly the first rows of the whole order, so a circle that holds a
    /// page ends the search; each try costs the rows inside its circle, through the latitude/longitude index.
    /// </summary>
    private async Task<List<ListingSummaries.Row>> NearestAsync(Search search, CancellationToken cancellationToken)
    {
        var from = search.Cursor?.Distance ?? 0;
        var width = options.Value.FirstCircleKm;
        while (true)
        {
            var radiusKm = Math.Min(search.RadiusKm, from + width);
            var rows = await Order(Rows(search, radiusKm, useTextIndex: true), ListingSort.Distance)
                .Take(search.Limit + 1)
                .ToListAsync(cancellationToken);
            if (rows.Count > search.Limit || radiusKm >= search.RadiusKm)
            {
                return rows;
            }

            // Aim for a page at the density just seen (area grows with the square of the radius), a little over.
            width *= rows.Count == 0
                ? MaxCircleGrowth
                : Math.Clamp(Math.Sqrt((search.Limit + 1.0) / rows.Count) * 1.3, 1.5, MaxCircleGrowth);
        }
    }

    /// <summary>
    /// Newest first with words: a full-text index cannot return rows in id order, so a common word would have
    /// every one of its matches fetched and sorted. Instead, check the newest listings (a window of a fixed
    /// size after the cursor) word by word, walking the id index; common words fill a page there. Only when
    /// the window runs out does the full-text index look for the rest, among older listings — which is cheap
    /// exactly then, because the words are rare.
    /// </summary>
    private async Task<List<ListingSummaries.Row>> NewestWithWordsAsync(Search search, CancellationToken cancellationToken)
    {
        var older = Scope(db.Listings.AsNoTracking(), search.Query, search.ViewerId);
        if (search.Cursor is { Id: var after })
        {
            older = older.Where(l => l.Id < after);
        }

        var window = options.Value.TextScanWindow;
        var boundary = await older.OrderByDescending(l => l.Id)
            .Select(l => (Guid?)l.Id)
            .Skip(window)
            .FirstOrDefaultAsync(cancellationToken);

        var recent = Rows(search, search.RadiusKm, useTextIndex: false);
        if (boundary is { } last)
        {
            recent = recent.Where(r => r.Id > last);
        }

        var rows = await Order(recent, ListingSort.Newest).Take(search.Limit + 1).ToListAsync(cancellationToken);
        if (boundary is not { } oldest || rows.Count > search.Limit)
        {
            return rows;
        }

        var rest = await Order(Rows(search, search.RadiusKm, useTextIndex: true).Where(r => r.Id <= oldest), ListingSort.Newest)
            .Take(search.Limit + 1 - rows.Count)
            .ToListAsync(cancellationToken);
        return [.. rows, .. rest];
    }

    private IQueryable<ListingSummaries.Row> Rows(Search search, double radiusKm, bool useTextIndex)
    {
        var listings = Filter(db.Listings.AsNoTracking(), search.Query, search.ViewerId, search.Near, radiusKm);
        if (search.Words.Count > 0)
        {
            listings = textSearch.Matching(listings, search.Words, useTextIndex);
        }

        var rows = listings.ToRows(db, search.ViewerId, search.Near);
        if (search.Near is not null)
        {
            rows = rows.Where(r => r.DistanceKm <= radiusKm);
        }

        return search.Cursor is { } cursor ? After(rows, search.Sort, cursor) : rows;
    }

    private Page<ListingSummaryDto> ToPage(List<ListingSummaries.Row> page, int limit, ListingSort sort)
    {
        var next = page.Count > limit ? cursors.Encode(CursorAfter(page[limit - 1], sort)) : null;
        return new Page<ListingSummaryDto>(page.Take(limit).Select(r => r.ToDto()).ToList(), next);
    }

    /// <summary>The listings the caller may search at all: by status; rented and archived ones are their owner's business.</summary>
    private static IQueryable<Listing> Scope(IQueryable<Listing> listings, SearchListingsQuery query, Guid? viewerId)
    {
        var status = WireNames.TryParse<ListingStatus>(query.Status, out var st) ? st : ListingStatus.Active;
        listings = listings.Where(l => l.Status == status);
        return status == ListingStatus.Active ? listings : listings.Where(l => l.OwnerId == viewerId);
    }

    private static IQueryable<Listing> Filter(IQueryable<Listing> listings, SearchListingsQuery query, Guid? viewerId, GeoPoint? near, double radiusKm)
    {
        listings = Scope(listings, query, viewerId);
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
            var supersets = mask.Supersets().Take(MaxAmenitySets + 1).ToList();
            listings = supersets.Count <= MaxAmenitySets
                ? listings.Where(l => supersets.Contains(l.Amenities))
                : listings.Where(l => (l.Amenities & mask) == mask);
        }

        return Boxed(listings, query, near, radiusKm);
    }

    /// <summary>The map box (<c>bbox</c>) and the box around the <c>near</c> circle, if any.</summary>
    private static IQueryable<Listing> Boxed(IQueryable<Listing> listings, SearchListingsQuery query, GeoPoint? near, double radiusKm)
    {
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

    /// <summary>One search, parsed: what every query of it shares.</summary>
    private sealed record Search(
        SearchListingsQuery Query,
        Guid? ViewerId,
        ListingSort Sort,
        ListingCursor? Cursor,
        int Limit,
        GeoPoint? Near,
        double RadiusKm,
        IReadOnlyList<string> Words);
}
