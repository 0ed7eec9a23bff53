using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Application.Common.Storage;
using Mediator;

namespace Homelette.Application.Listings.Commands.DeleteListingImage;

/// <summary>Takes a photo off a listing and deletes its file (owner only); the others close ranks.</summary>
public sealed record DeleteListingImageCommand(Guid ListingId, Guid ImageId) : ICommand;

public sealed class DeleteListingImageCommandHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    IFileStore fileStore,
    TimeProvider clock) : ICommandHandler<DeleteListingImageCommand>
{
    public async ValueTask<Unit> Handle(DeleteListingImageCommand command, CancellationToken cancellationToken)
    {
        var listing = await db.LoadForOwnerAsync(command.ListingId, currentUser.RequireId(), cancellationToken);
        var image = listing.RemoveImage(command.ImageId, clock.GetUtcNow())
            ?? throw new NotFoundException("Image", command.ImageId);
        db.ListingImages.Remove(image);
        await db.SaveChangesAsync(cancellationToken);
        await fileStore.DeleteAsync(image.StorageKey, CancellationToken.None);
        return Unit.Value;
    }
}
