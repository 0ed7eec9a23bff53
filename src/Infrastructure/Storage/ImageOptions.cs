using Homelette.Domain.Listings;

namespace Homelette.Infrastructure.Storage;

/// <summary>Limits of an uploaded photo (configuration section "Images").</summary>
public sealed class ImageOptions
{
    public const string SectionName = "Images";

    /// <summary>The most bytes read from an upload; more is refused before anything is decoded.</summary>
    public long MaxBytes { get; set; } = ListingConstraints.ImageUploadMaxBytes;

    /// <summary>The most pixels (width × height) an upload may declare; checked from the header alone.</summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>The longest width or height an upload may declare.</summary>
    public int MaxSide { get; set; } = 12_000;

    /// <summary>Stored photos are scaled down so that their longest side is at most this.</summary>
    public int MaxOutputSide { get; set; } = 2560;
}
