using Homelette.Domain.Listings;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Homelette.Application.Listings.EventHandlers;

/// <summary>Records that a listing was saved (<see cref="NotifyListingInterest"/> tells its owner).</summary>
public sealed partial class LogListingFavorited(ILogger<LogListingFavorited> logger)
    : INotificationHandler<ListingFavoritedEvent>
{
    public ValueTask Handle(ListingFavoritedEvent notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        LogFavorited(logger, notification.ListingId, notification.OwnerId);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listing {ListingId} of {OwnerId} was saved by a user")]
    private static partial void LogFavorited(ILogger logger, Guid listingId, Guid ownerId);
}
