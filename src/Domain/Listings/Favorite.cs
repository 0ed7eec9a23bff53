using Homelette.Domain.Common;

namespace Homelette.Domain.Listings;

/// <summary>A user saved a listing (the earlier backend's "interest"). One per user and listing.</summary>
public sealed class Favorite : Entity
{
    private Favorite(Guid id, Guid userId, Guid listingId, DateTimeOffset createdAt)
        : base(id)
    {
        UserId = userId;
        ListingId = listingId;
        CreatedAt = createdAt;
    }

    public Guid UserId { get; private set; }

    public Guid ListingId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Saves the listing for the user and tells its owner.</summary>
    public static Favorite Save(Listing listing, Guid userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(listing);
        now = Clock.ToStoredPrecision(now);
        var favorite = new Favorite(Guid.CreateVersion7(now), userId, listing.Id, now);
        favorite.AddDomainEvent(new ListingFavoritedEvent(listing.Id, listing.OwnerId, userId, now));
        return favorite;
    }
}
