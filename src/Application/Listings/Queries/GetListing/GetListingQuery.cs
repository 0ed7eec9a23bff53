using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
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
        var listing = await db.Listings.AsNoTracking().Include(l => l.Images)
            .FirstOrDefaultAsync(l => l.Id == query.ListingId, cancellationToken);
        if (listing is null || !listing.IsVisibleTo(viewerId))
        {
            throw new NotFoundException("Listing", query.ListingId);
        }

        var dto = await db.ToDtoAsync(listing, viewerId, cancellationToken);
        if (viewerId != listing.OwnerId && await views.CountAsync(listing.Id, viewerId, clock.GetUtcNow(), cancellationToken))
        {
            dto = dto with { ViewCount = dto.ViewCount + 1 };
        }

        return dto;
    }
}
