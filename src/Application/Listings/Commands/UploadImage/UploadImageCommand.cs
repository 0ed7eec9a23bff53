using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Homelette.Application.Common.Storage;
using Homelette.Domain.Listings;
using Mediator;

namespace Homelette.Application.Listings.Commands.UploadImage;

/// <summary>
/// Stores a photo before its listing exists (the earlier backend's flow); the returned URL goes into
/// <c>listing.image_urls</c>. Uploads never attached are deleted after a day.
/// </summary>
public sealed record UploadImageCommand(Stream Content) : ICommand<UploadedImageDto>;

public sealed class UploadImageCommandHandler(
    IAppDbContext db,
    ICurrentUser currentUser,
    IImageProcessor images,
    IFileStore fileStore,
    TimeProvider clock) : ICommandHandler<UploadImageCommand, UploadedImageDto>
{
    public async ValueTask<UploadedImageDto> Handle(UploadImageCommand command, CancellationToken cancellationToken)
    {
        var ownerId = currentUser.RequireId();
        var upload = await db.StoreUploadAsync(
            images, fileStore, command.Content, ownerId, clock.GetUtcNow(), attach: _ => { }, cancellationToken);
        return new UploadedImageDto(upload.Url);
    }
}
