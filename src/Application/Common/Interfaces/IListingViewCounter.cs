namespace Homelette.Application.Common.Interfaces;

/// <summary>Counts listing views atomically, so that concurrent requests never count one viewer twice in a window.</summary>
public interface IListingViewCounter
{
    /// <summary>
    /// Counts a view of the listing: always for an anonymous viewer; for a signed-in one at most once per
    /// <see cref="Domain.Listings.ListingConstraints.ViewDeduplicationWindow"/>. Returns whether it counted.
    /// </summary>
    Task<bool> CountAsync(Guid listingId, Guid? viewerId, DateTimeOffset now, CancellationToken cancellationToken);
}
