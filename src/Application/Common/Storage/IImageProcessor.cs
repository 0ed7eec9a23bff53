namespace Homelette.Application.Common.Storage;

/// <summary>A photo decoded and re-encoded: metadata (EXIF GPS and the rest) is gone, the format is known.</summary>
/// <param name="Content">The re-encoded bytes.</param>
/// <param name="ContentType">image/jpeg, image/png or image/webp.</param>
/// <param name="Extension">".jpg", ".png" or ".webp".</param>
public sealed record ProcessedImage(byte[] Content, string ContentType, string Extension, int Width, int Height);

/// <summary>Turns an uploaded file into a safe photo, judging the format by its content, never its name.</summary>
public interface IImageProcessor
{
    /// <summary>
    /// Decodes and re-encodes a JPEG, PNG or WebP. Throws <see cref="UnsupportedImageException"/> for anything
    /// else (HTML, SVG, executables, corrupt data) and <see cref="ImageTooLargeException"/> for more bytes or
    /// pixels than allowed, before decoding the pixels.
    /// </summary>
    Task<ProcessedImage> ProcessAsync(Stream input, CancellationToken cancellationToken);
}

public sealed class UnsupportedImageException(string message = "Upload a JPEG, PNG or WebP image.") : Exception(message);

public sealed class ImageTooLargeException(string message) : Exception(message);
