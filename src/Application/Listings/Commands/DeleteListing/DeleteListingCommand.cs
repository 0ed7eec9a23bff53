using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Application.Common.Storage;
using Mediator;

namespace Homelette.Application.Listings.Commands.DeleteListing;

/// <summary>Deletes a listing (owner only) with its photos, their files, its favorites and its view records.</summary>
public sealed record DeleteListingCommand(Guid ListingId) : ICommand;

public sealed class DeleteListingCommandHandler(IAppDbContext db, ICurrentUser currentUser, IFileStore fileStore)
    : ICommandHandler<DeleteListingCommand>
{
    public async ValueTask<Unit> Handle(DeleteListingCommand command, CancellationToken cancellationToken)
    {
        var listing = await db.LoadForOwnerAsync(command.ListingId, currentUser.RequireId(), cancellationToken);
        var files = listing.Images.Select(i => i.StorageKey).ToList();
        db.ListingImages.RemoveRange(listing.Images);
        db.Listings.Remove(listing);
        await db.SaveChangesAsync(cancellationToken);

        // Files go only after the rows are gone: a failed commit leaves nothing pointing at a missing file.
        foreach (var key in files)
        {
            await fileStore.DeleteAsync(key, CancellationToken.None);
        }

        return Unit.Value;
    }
}
