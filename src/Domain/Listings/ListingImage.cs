using Homelette.Domain.Common;

namespace Homelette.Domain.Listings;

/// <summary>
/// A stored photo. It belongs to its uploader and, once attached, to one listing at a position; an upload never
/// attached is deleted after <see cref="ListingConstraints.UnattachedUploadLifetime"/>.
/// </summary>
public sealed class ListingImage : Entity
{
    private ListingImage(Guid id, Guid ownerId, string storageKey, string url, string contentType, DateTimeOffset createdAt)
        : base(id)
    {
        OwnerId = ownerId;
        StorageKey = storageKey;
        Url = url;
        ContentType = contentType;
        CreatedAt = createdAt;
    }

    public Guid OwnerId { get; private set; }

    public Guid? ListingId { get; private set; }

    public int Position { get; private set; }

    /// <summary>The file's name in the store (random, never the uploader's name).</summary>
    public string StorageKey { get; private set; }

    public string Url { get; private set; }

    public string ContentType { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static ListingImage Upload(Guid ownerId, string storageKey, string url, string contentType, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), ownerId, storageKey, url, contentType, Clock.ToStoredPrecision(now));

    internal void AttachTo(Guid listingId, int position)
    {
        ListingId = listingId;
        Position = position;
    }

    internal void MoveTo(int position) => Position = position;
}
