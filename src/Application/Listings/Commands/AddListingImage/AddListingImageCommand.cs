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
        if (listing.Images.Count >= ListingConstraints.ImagesMax)
        {
            throw new ConflictException($"A listing holds at most {ListingConstraints.ImagesMax} images.");
        }

        var image = await images.ProcessAsync(command.Content, cancellationToken);
        var key = await fileStore.SaveAsync(image.Content, image.Extension, cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            var stored = ListingImage.Upload(ownerId, key, fileStore.UrlFor(key), image.ContentType, now);
            db.ListingImages.Add(stored);
            listing.AddImage(stored, now);
            await db.SaveChangesAsync(cancellationToken);
            return stored.ToDto();
        }
        catch
        {
            await fileStore.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }
}
