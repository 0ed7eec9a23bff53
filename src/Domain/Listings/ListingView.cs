namespace Homelette.Domain.Listings;

/// <summary>The last counted view of a listing by one signed-in viewer.</summary>
public sealed class ListingView
{
    public ListingView(Guid listingId, Guid viewerId, DateTimeOffset countedAt)
    {
        ListingId = listingId;
        ViewerId = viewerId;
        CountedAt = countedAt;
    }

    public Guid ListingId { get; private set; }

    public Guid ViewerId { get; private set; }

    public DateTimeOffset CountedAt { get; private set; }

    /// <summary>Counts again only once the window has passed since the last counted view.</summary>
    public bool TryCountAgain(DateTimeOffset now)
    {
        if (now - CountedAt < ListingConstraints.ViewDeduplicationWindow)
        {
            return false;
        }

        CountedAt = now;
        return true;
    }
}
