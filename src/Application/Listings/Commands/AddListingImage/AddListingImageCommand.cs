using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Application.Common.Storage;
using Homelette.Domain.Listings;
using Mediator;

namespace Homelette.Application.Listings.Commands.AddListingImage;

/// <summary>Adds an uploaded photo after the listing's others (owner only).</summary>
public sealed record AddListingImageCommand(Guid ListingId, Stream Content) : ICommand<ListingImageDto>;

public sealed class AddListingImageCommandHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    IImageProcessor images,
    IFileStore fileStore,
    TimeProvider clock) : ICommandHandler<AddListingImageCommand, ListingImageDto>
{
    public async ValueTask<ListingImageDto> Handle(AddListingImageCommand command, CancellationToken cancellationToken)
    {
        var ownerId = currentUser.RequireId();
        var listing = await db.LoadForOwnerAsync(command.ListingId, ownerId, cancellationToken);
        // Checked here as well as in the aggregate, so that a full album costs no decoding.
        if (listing.Images.Count >= ListingConstraints.ImagesMax)
        {
            throw new ConflictException($"A listing holds at most {ListingConstraints.ImagesMax} images.");
        }

        var now = clock.GetUtcNow();
        var stored = await db.StoreUploadAsync(
            images, fileStore, command.Content, ownerId, now, image => listing.AddImage(image, now), cancellationToken);
        return stored.ToDto();
    }
}
