using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Listings.Queries.GetListing;

/// <summary>Everything about a listing. A view by anyone but the owner is counted (a signed-in viewer once a day).</summary>
public sealed record GetListingQuery(Guid ListingId) : IQuery<ListingDto>;

public sealed class GetListingQueryHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    IListingViewCounter views,
    TimeProvider clock) : IQueryHandler<GetListingQuery, ListingDto>
{
    public async ValueTask<ListingDto> Handle(GetListingQuery query, CancellationToken cancellationToken)
    {
        var viewerId = currentUser.Id;
        var listingId = query.ListingId;

        // One statement for the listing with its images, owner and counters, then the view count (one statement for
        // an anonymous viewer, up to three for a signed-in one), all on one connection: the pool resets it once.
        await using var connection = await db.HoldConnectionAsync(cancellationToken);
        var row = await (
            from l in db.Listings.AsNoTracking().Include(l => l.Images)
            where l.Id == listingId
            join u in db.Users.AsNoTracking() on l.OwnerId equals u.Id
            select new
            {
                Listing = l,
                Owner = u,
                FavoriteCount = db.Favorites.Count(f => f.ListingId == l.Id),
                IsFavorite = viewerId != null && db.Favorites.Any(f => f.ListingId == l.Id && f.UserId == viewerId),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null || !row.Listing.IsVisibleTo(viewerId))
        {
            throw new NotFoundException("Listing", listingId);
        }

        var listing = row.Listing;
        var dto = listing.ToDto(row.Owner.ToPublicDto(), row.FavoriteCount, viewerId is null ? null : row.IsFavorite);
        if (viewerId != listing.OwnerId && await views.CountAsync(listing.Id, viewerId, clock.GetUtcNow(), cancellationToken))
        {
            dto = dto with { ViewCount = dto.ViewCount + 1 };
        }

        return dto;
    }
}
