using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Storage;
using Homelette.Domain.Listings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Listings.Commands.DeleteStaleUploads;

/// <summary>Deletes uploads (rows and files) that no listing took within a day. Run by a background job.</summary>
public sealed record DeleteStaleUploadsCommand : ICommand<int>;

public sealed class DeleteStaleUploadsCommandHandler(IAppDbContext db, IFileStore fileStore, TimeProvider clock)
    : ICommandHandler<DeleteStaleUploadsCommand, int>
{
    private const int BatchSize = 500;

    public async ValueTask<int> Handle(DeleteStaleUploadsCommand command, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - ListingConstraints.UnattachedUploadLifetime;
        var stale = await db.ListingImages
            .Where(i => i.ListingId == null && i.CreatedAt < cutoff)
            .Where(i => !db.Messages.Any(m => m.ImageUrl == i.Url)) // sent in a chat: kept with the message
            .OrderBy(i => i.CreatedAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        db.ListingImages.RemoveRange(stale);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var image in stale)
        {
            await fileStore.DeleteAsync(image.StorageKey, cancellationToken);
        }

        return stale.Count;
    }
}
