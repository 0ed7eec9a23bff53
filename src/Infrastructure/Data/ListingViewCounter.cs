using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Listings;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Infrastructure.Data;

/// <summary>
/// Counts views with single statements, so that two requests of one viewer at the same moment count once: a
/// viewer's row is moved forward only when its last counted view is older than the window, or inserted when
/// missing (INSERT IGNORE loses the race quietly); the counter itself is incremented in SQL.
/// </summary>
internal sealed class ListingViewCounter(HomeletteDbContext db) : IListingViewCounter
{
    public async Task<bool> CountAsync(Guid listingId, Guid? viewerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (viewerId is { } viewer)
        {
            var cutoff = now - ListingConstraints.ViewDeduplicationWindow;
            var counted = await db.ListingViews
                .Where(v => v.ListingId == listingId && v.ViewerId == viewer && v.CountedAt < cutoff)
                .ExecuteUpdateAsync(set => set.SetProperty(v => v.CountedAt, now), cancellationToken) == 1;
            if (!counted)
            {
                counted = await db.Database.ExecuteSqlInterpolatedAsync(
                    $"INSERT IGNORE INTO listing_views (ListingId, ViewerId, CountedAt) VALUES ({listingId}, {viewer}, {now.UtcDateTime})",
                    cancellationToken) == 1;
            }

            if (!counted)
            {
                return false;
            }
        }

        await db.Listings.Where(l => l.Id == listingId)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.ViewCount, l => l.ViewCount + 1), cancellationToken);
        return true;
    }
}
