using FluentValidation;
using FluentValidation.Results;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Storage;
using Homelette.Application.Users;
using Homelette.Domain.Listings;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Listings;

/// <summary>Loading rules every listing use case shares: who may see and who may change a listing.</summary>
internal static class ListingAccess
{
    /// <summary>The listing with its photos, for a change by its owner: 404 when absent, 403 when not the caller's.</summary>
    public static async Task<Listing> LoadForOwnerAsync(this IAppDbContext db, Guid listingId, Guid callerId, CancellationToken cancellationToken)
    {
        var listing = await db.Listings.Include(l => l.Images).FirstOrDefaultAsync(l => l.Id == listingId, cancellationToken)
            ?? throw new NotFoundException("Listing", listingId);
        if (listing.OwnerId != callerId)
        {
            throw new ForbiddenException("Only the listing's owner may change it.");
        }

        return listing;
    }

    /// <summary>Archived listings are visible to their owner only.</summary>
    public static bool IsVisibleTo(this Listing listing, Guid? viewerId) =>
        listing.Status != ListingStatus.Archived || listing.OwnerId == viewerId;

    /// <summary>
    /// The photos a listing body names: the earlier backend's <c>property.image_url</c> first, then
    /// <c>listing.image_urls</c>. Each must be the caller's own upload not yet in a listing (else a 400 on its field).
    /// </summary>
    public static async Task<List<ListingImage>> LoadBodyUploadsAsync(
        this IAppDbContext db, IFileStore fileStore, PropertyInput? property, ListingInput? listing, Guid ownerId, CancellationToken cancellationToken)
    {
        var uploads = new List<ListingImage>();
        if (property?.ImageUrl is { Length: > 0 } single)
        {
            uploads.AddRange(await db.LoadUploadsAsync(fileStore, [single], ownerId, "Property.ImageUrl", cancellationToken));
        }

        if (listing?.ImageUrls is { Count: > 0 } urls)
        {
            uploads.AddRange(await db.LoadUploadsAsync(fileStore, urls, ownerId, "Listing.ImageUrls", cancellationToken));
        }

        return uploads.Distinct().ToList();
    }

    /// <summary>The caller's unattached uploads named by URL, in the given order; an unknown or foreign URL is a validation error.</summary>
    public static async Task<List<ListingImage>> LoadUploadsAsync(
        this IAppDbContext db, IFileStore fileStore, IEnumerable<string> urls, Guid ownerId, string field, CancellationToken cancellationToken)
    {
        var wanted = urls.Distinct(StringComparer.Ordinal).ToList();
        var keys = wanted.Select(fileStore.KeyFromUrl).ToList();
        if (keys.Any(k => k is null))
        {
            throw Invalid();
        }

        var uploads = await db.ListingImages
            .Where(i => keys.Contains(i.StorageKey) && i.OwnerId == ownerId && i.ListingId == null)
            .ToListAsync(cancellationToken);
        if (uploads.Count != keys.Count)
        {
            throw Invalid();
        }

        return keys.Select(k => uploads.Single(u => u.StorageKey == k)).ToList();

        ValidationException Invalid() => new(
            [new ValidationFailure(field, "Use URLs of your own uploads that are not yet part of a listing.")]);
    }

    /// <summary>
    /// Processes an uploaded photo, stores its file and its row (after <paramref name="attach"/> has placed it), and
    /// deletes the file again when the row cannot be saved, so no file is left without a row.
    /// </summary>
    public static async Task<ListingImage> StoreUploadAsync(
        this IAppDbContext db,
        IImageProcessor images,
        IFileStore fileStore,
        Stream content,
        Guid ownerId,
        DateTimeOffset now,
        Action<ListingImage> attach,
        CancellationToken cancellationToken)
    {
        var image = await images.ProcessAsync(content, cancellationToken);
        var key = await fileStore.SaveAsync(image.Content, image.Extension, cancellationToken);
        try
        {
            var stored = ListingImage.Upload(ownerId, key, fileStore.UrlFor(key), image.ContentType, now);
            db.ListingImages.Add(stored);
            attach(stored);
            await db.SaveChangesAsync(cancellationToken);
            return stored;
        }
        catch
        {
            await fileStore.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The whole listing as the viewer sees it: the owner's public profile, counters, and whether the viewer saved it.</summary>
    public static async Task<ListingDto> ToDtoAsync(this IAppDbContext db, Listing listing, Guid? viewerId, CancellationToken cancellationToken)
    {
        var owner = await db.Users.AsNoTracking().FirstAsync(u => u.Id == listing.OwnerId, cancellationToken);
        var favoriteCount = await db.Favorites.CountAsync(f => f.ListingId == listing.Id, cancellationToken);
        bool? isFavorite = viewerId is { } viewer
            ? await db.Favorites.AnyAsync(f => f.ListingId == listing.Id && f.UserId == viewer, cancellationToken)
            : null;
        return listing.ToDto(owner.ToPublicDto(), favoriteCount, isFavorite);
    }
}
