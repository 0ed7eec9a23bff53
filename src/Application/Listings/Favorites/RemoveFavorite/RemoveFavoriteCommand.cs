using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Listings.Favorites.RemoveFavorite;

/// <summary>Forgets a saved listing; 404 when it was not saved.</summary>
public sealed record RemoveFavoriteCommand(Guid UserId, Guid ListingId) : ICommand;

public sealed class RemoveFavoriteCommandHandler(IAppDbContext db, ICurrentUser currentUser) : ICommandHandler<RemoveFavoriteCommand>
{
    public async ValueTask<Unit> Handle(RemoveFavoriteCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        if (command.UserId != callerId)
        {
            throw new ForbiddenException("You may only change your own favorites.");
        }

        var removed = await db.Favorites
            .Where(f => f.UserId == callerId && f.ListingId == command.ListingId)
            .ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? throw new NotFoundException("Favorite", command.ListingId) : Unit.Value;
    }
}
