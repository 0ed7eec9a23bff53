using Homelette.Domain.Common;

namespace Homelette.Domain.Listings;

/// <summary>Someone saved a listing; its owner may want to know at once.</summary>
public sealed record ListingFavoritedEvent(Guid ListingId, Guid OwnerId, Guid UserId, DateTimeOffset FavoritedAt) : IDomainEvent;
