using Homelette.Application.Chat;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Users;
using Homelette.Domain.Listings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Listings.EventHandlers;

/// <summary>Tells a listing's owner, in real time on every connection, who just saved it (listing_interest).</summary>
public sealed class NotifyListingInterest(IAppDbContext db, IChatNotifier notifier) : INotificationHandler<ListingFavoritedEvent>
{
    public async ValueTask Handle(ListingFavoritedEvent notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.OwnerId == notification.UserId)
        {
            return;
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == notification.UserId, cancellationToken);
        if (user is not null)
        {
            await notifier.ListingInterestAsync(
                notification.OwnerId, new ListingInterestDto(notification.ListingId, user.ToPublicDto(), notification.FavoritedAt), cancellationToken);
        }
    }
}
