using System.Buffers;
using System.Globalization;
using Homelette.Application.Common.Storage;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Homelette.Infrastructure.Storage;

/// <summary>
/// Judges an upload by its first bytes, reads its dimensions from the header before decoding a pixel,
/// then decodes, turns it upright (EXIF orientation), scales it down and re-encodes it. Re-encoding from
/// pixels leaves every piece of metadata (EXIF GPS, camera serials, comments) behind.
/// </summary>
internal sealed class SkiaImageProcessor(IOptions<ImageOptions> options) : IImageProcessor
{
    private const int JpegQuality = 85;
    private const int WebpQuality = 85;
    private const int PngQuality = 100;
    private const int ReadChunkBytes = 81_920;
    private const string TooManyPixelsMessage = "The image has too many pixels.";

    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] RiffMagic = "RIFF"u8.ToArray();
    private static readonly byte[] WebpMagic = "WEBP"u8.ToArray();

    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    private readonly ImageOptions _options = options.Value;

    public async Task<ProcessedImage> ProcessAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var bytes = await ReadAtMostAsync(input, _options.MaxBytes, cancellationToken);
        var format = Sniff(bytes) ?? throw new UnsupportedImageException();
        cancellationToken.ThrowIfCancellationRequested();
        return Process(bytes, format);
    }

    private ProcessedImage Process(byte[] bytes, ImageFormat format)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new UnsupportedImageException();
        if (codec.EncodedFormat != format.Skia)
        {
            throw new UnsupportedImageException();
        }

        var width = codec.Info.Width;
        var height = codec.Info.Height;
        if (width <= 0 || height <= 0)
        {
            throw new UnsupportedImageException();
        }

        if (width > _options.MaxSide || height > _options.MaxSide || (long)width * height > _options.MaxPixels)
        {
            throw new ImageTooLargeException(TooManyPixelsMessage);
        }

        var origin = codec.EncodedOrigin;
        var swapsSides = SwapsSides(origin);
        var scale = Math.Min(1d, (double)_options.MaxOutputSide / Math.Max(width, height));
        var outputWidth = Math.Max(1, (int)Math.Round((swapsSides ? height : width) * scale));
        var outputHeight = Math.Max(1, (int)Math.Round((swapsSides ? width : height) * scale));

        using var decoded = Decode(codec, scale);
        using var upright = Draw(decoded, origin, swapsSides, outputWidth, outputHeight);
        using var encoded = upright.Encode(format.Skia, format.Quality)
            ?? throw new InvalidOperationException($"Skia could not encode the image as {format.Skia}.");
        return new ProcessedImage(encoded.ToArray(), format.ContentType, format.Extension, outputWidth, outputHeight);
    }

    /// <summary>Decodes the pixels, at a smaller size when the codec can (JPEG scales by eighths while decoding).</summary>
    private static SKBitmap Decode(SKCodec codec, double scale)
    {
        var size = codec.Info.Size;
        if (scale < 1d)
        {
            var scaled = codec.GetScaledDimensions((float)scale);
            var neededWidth = (int)Math.Ceiling(size.Width * scale);
            var neededHeight = (int)Math.Ceiling(size.Height * scale);
            if (scaled.Width >= neededWidth && scaled.Height >= neededHeight
                && scaled.Width <= size.Width && scaled.Height <= size.Height)
            {
                size = scaled;
            }
        }

        var alphaType = codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, alphaType, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new UnsupportedImageException();
        }

        bitmap.SetImmutable();
        return bitmap;
    }

    /// <summary>Draws the decoded pixels upright and at the output size in one pass.</summary>
    private static SKBitmap Draw(SKBitmap decoded, SKEncodedOrigin origin, bool swapsSides, int width, int height)
    {
        var output = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, decoded.AlphaType, decoded.ColorSpace));
        using var canvas = new SKCanvas(output);
        using var image = SKImage.FromBitmap(decoded);
        canvas.Clear(SKColors.Transparent);
        var uprightWidth = swapsSides ? decoded.Height : decoded.Width;
        var uprightHeight = swapsSides ? decoded.Width : decoded.Height;
        canvas.Scale((float)width / uprightWidth, (float)height / uprightHeight);
        canvas.Concat(OriginMatrix(origin, decoded.Width, decoded.Height));
        canvas.DrawImage(image, 0, 0, Sampling);
        canvas.Flush();
        return output;
    }

    private static bool SwapsSides(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>Maps stored pixels (width × height) to upright ones, as Skia's SkEncodedOriginToMatrix does.</summary>
    private static SKMatrix OriginMatrix(SKEncodedOrigin origin, int width, int height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, height, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, height, -1, 0, width, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, width, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static ImageFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(JpegMagic))
        {
            return ImageFormat.Jpeg;
        }

        if (bytes.StartsWith(PngMagic))
        {
            return ImageFormat.Png;
        }

        if (bytes.Length >= 12 && bytes.StartsWith(RiffMagic) && bytes.Slice(8, 4).SequenceEqual(WebpMagic))
        {
            return ImageFormat.Webp;
        }

        return null;
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream input, long maxBytes, CancellationToken cancellationToken)
    {
        if (input.CanSeek && input.Length - input.Position > maxBytes)
        {
            throw new ImageTooLargeException(TooManyBytesMessage(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
        try
        {
            int read;
            while ((read = await input.ReadAsync(chunk.AsMemory(0, ReadChunkBytes), cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new ImageTooLargeException(TooManyBytesMessage(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static string TooManyBytesMessage(long maxBytes)
    {
        const long mebibyte = 1024 * 1024;
        return maxBytes % mebibyte == 0
            ? string.Create(CultureInfo.InvariantCulture, $"The image is larger than {maxBytes / mebibyte} MB.")
            : string.Create(CultureInfo.InvariantCulture, $"The image is larger than {maxBytes} bytes.");
    }

    private sealed record ImageFormat(SKEncodedImageFormat Skia, string ContentType, string Extension, int Quality)
    {
        public static readonly ImageFormat Jpeg = new(SKEncodedImageFormat.Jpeg, "image/jpeg", ".jpg", JpegQuality);
        public static readonly ImageFormat Png = new(SKEncodedImageFormat.Png, "image/png", ".png", PngQuality);
        public static readonly ImageFormat Webp = new(SKEncodedImageFormat.Webp, "image/webp", ".webp", WebpQuality);
    }
}
