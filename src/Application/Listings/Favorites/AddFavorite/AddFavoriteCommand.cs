using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Domain.Listings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Listings.Favorites.AddFavorite;

/// <summary>Saves a listing for the caller (route user must be the caller). Saving it again changes nothing.</summary>
public sealed record AddFavoriteCommand(Guid UserId, Guid ListingId) : ICommand<AddFavoriteResult>;

/// <param name="Created">False when the listing was already saved.</param>
public sealed record AddFavoriteResult(bool Created, ListingSummaryDto Listing);

public sealed class AddFavoriteCommandHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<AddFavoriteCommand, AddFavoriteResult>
{
    public async ValueTask<AddFavoriteResult> Handle(AddFavoriteCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        if (command.UserId != callerId)
        {
            throw new ForbiddenException("You may only change your own favorites.");
        }

        var listing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Id == command.ListingId, cancellationToken);
        if (listing is null || !listing.IsVisibleTo(callerId))
        {
            throw new NotFoundException("Listing", command.ListingId);
        }

        var created = false;
        if (!await db.Favorites.AnyAsync(f => f.UserId == callerId && f.ListingId == listing.Id, cancellationToken))
        {
            db.Favorites.Add(Favorite.Save(listing, callerId, clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                created = true;
            }
            catch (ConflictException)
            {
                // A parallel request saved it first: the listing is saved either way.
            }
        }

        var summary = await db.Listings.AsNoTracking().Where(l => l.Id == listing.Id).ToRows(db, callerId, near: null)
            .FirstAsync(cancellationToken);
        return new AddFavoriteResult(created, summary.ToDto());
    }
}
