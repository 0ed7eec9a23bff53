using System.Buffers.Binary;
using SkiaSharp;

namespace Homelette.Infrastructure.UnitTests.Storage;

/// <summary>Photos made on the spot with SkiaSharp, and the hand-made bytes around them (EXIF, PNG headers).</summary>
internal static class TestImages
{
    /// <summary>The GPS latitude written by <see cref="ExifSegment"/>: 40° 26' 46.14" as three big-endian rationals.</summary>
    public static readonly byte[] GpsLatitude = Rationals((40, 1), (26, 1), (4614, 100));

    public static readonly byte[] ExifMarker = "Exif\0\0"u8.ToArray();

    /// <summary>An image whose left half is red and right half blue, encoded in the given format.</summary>
    public static byte[] Encode(SKEncodedImageFormat format, int width, int height, bool transparentCorner = false)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height, red);
            if (transparentCorner)
            {
                using var clear = new SKPaint { Color = SKColors.Transparent, BlendMode = SKBlendMode.Src };
                canvas.DrawRect(0, 0, 4, 4, clear);
            }
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width, int height) => Encode(SKEncodedImageFormat.Jpeg, width, height);

    public static byte[] Png(int width, int height) => Encode(SKEncodedImageFormat.Png, width, height);

    /// <summary>Puts an APP1 segment right after the JPEG's start-of-image marker.</summary>
    public static byte[] WithSegmentAfterSoi(byte[] jpeg, byte[] segment) =>
        [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];

    /// <summary>
    /// An APP1 "Exif" segment (big-endian TIFF) with an optional orientation and a GPS IFD holding
    /// latitude 40° 26' 46.14" N, longitude 79° 58' 56.40" W.
    /// </summary>
    public static byte[] ExifSegment(ushort? orientation = null, bool withGps = true)
    {
        var ifd0 = new List<(ushort Tag, ushort Type, uint Count, uint Value)>();
        if (orientation is { } value)
        {
            ifd0.Add((0x0112, 3, 1, (uint)value << 16));
        }

        const int tiffHeaderLength = 8;
        var ifd0Length = 2 + (12 * (ifd0.Count + (withGps ? 1 : 0))) + 4;
        var gpsIfdOffset = (uint)(tiffHeaderLength + ifd0Length);
        const int gpsIfdLength = 2 + (12 * 4) + 4;
        var latitudeOffset = gpsIfdOffset + gpsIfdLength;
        var longitudeOffset = latitudeOffset + 24;
        if (withGps)
        {
            ifd0.Add((0x8825, 4, 1, gpsIfdOffset));
        }

        var tiff = new List<byte>();
        tiff.AddRange("MM"u8.ToArray());
        tiff.AddRange(BigEndian((ushort)0x002A));
        tiff.AddRange(BigEndian((uint)tiffHeaderLength));
        WriteIfd(tiff, ifd0);
        if (withGps)
        {
            WriteIfd(tiff,
            [
                (0x0001, 2, 2, (uint)'N' << 24),
                (0x0002, 5, 3, latitudeOffset),
                (0x0003, 2, 2, (uint)'W' << 24),
                (0x0004, 5, 3, longitudeOffset),
            ]);
            tiff.AddRange(GpsLatitude);
            tiff.AddRange(Rationals((79, 1), (58, 1), (5640, 100)));
        }

        var segment = new List<byte> { 0xFF, 0xE1 };
        segment.AddRange(BigEndian((ushort)(2 + ExifMarker.Length + tiff.Count)));
        segment.AddRange(ExifMarker);
        segment.AddRange(tiff);
        return [.. segment];
    }

    /// <summary>A PNG whose header claims the given size, with a correct header checksum and a tiny body.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var png = Png(1, 1);
        // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), ... , CRC over type + 13 data bytes.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16, 4), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20, 4), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29, 4), System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(12, 17)));
        return png;
    }

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    public static SKColor PixelAt(byte[] encoded, int x, int y)
    {
        using var bitmap = SKBitmap.Decode(encoded);
        return bitmap.GetPixel(x, y);
    }

    private static void WriteIfd(List<byte> tiff, List<(ushort Tag, ushort Type, uint Count, uint Value)> entries)
    {
        tiff.AddRange(BigEndian((ushort)entries.Count));
        foreach (var (tag, type, count, value) in entries)
        {
            tiff.AddRange(BigEndian(tag));
            tiff.AddRange(BigEndian(type));
            tiff.AddRange(BigEndian(count));
            tiff.AddRange(BigEndian(value));
        }

        tiff.AddRange(BigEndian(0u));
    }

    private static byte[] Rationals(params (uint Numerator, uint Denominator)[] values) =>
        [.. values.SelectMany(v => BigEndian(v.Numerator).Concat(BigEndian(v.Denominator)))];

    private static byte[] BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
