using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Listings.Queries.GetListingStats;

/// <summary>Whether anyone cares: views, distinct signed-in viewers, favorites and conversations (owner only).</summary>
public sealed record GetListingStatsQuery(Guid ListingId) : IQuery<ListingStatsDto>;

public sealed class GetListingStatsQueryHandler(IAppDbContext db, ICurrentUser currentUser)
    : IQueryHandler<GetListingStatsQuery, ListingStatsDto>
{
    public async ValueTask<ListingStatsDto> Handle(GetListingStatsQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var listing = await db.Listings.AsNoTracking()
            .Where(l => l.Id == query.ListingId)
            .Select(l => new { l.OwnerId, l.ViewCount })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Listing", query.ListingId);
        if (listing.OwnerId != callerId)
        {
            throw new ForbiddenException("Only the listing's owner may see its statistics.");
        }

        var uniqueViewers = await db.ListingViews.CountAsync(v => v.ListingId == query.ListingId, cancellationToken);
        var favorites = await db.Favorites.CountAsync(f => f.ListingId == query.ListingId, cancellationToken);

        var conversations = await db.Conversations.CountAsync(c => c.ListingId == query.ListingId, cancellationToken);
        return new ListingStatsDto(query.ListingId, listing.ViewCount, uniqueViewers, favorites, conversations);
    }
}
