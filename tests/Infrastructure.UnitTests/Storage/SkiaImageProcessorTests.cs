using System.Text;
using Homelette.Application.Common.Storage;
using Homelette.Infrastructure.Storage;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Homelette.Infrastructure.UnitTests.Storage;

public sealed class SkiaImageProcessorTests
{
    private static readonly byte[] TinyGif =
    [
        .. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x21, 0xF9, 0x04,
        0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44,
        0x01, 0x00, 0x3B,
    ];

    private readonly SkiaImageProcessor _processor = new(Options.Create(new ImageOptions()));

    [Fact]
    public async Task ShouldDropExifGps_WhenJpegCarriesIt()
    {
        var upload = TestImages.WithSegmentAfterSoi(TestImages.Jpeg(640, 480), TestImages.ExifSegment());
        TestImages.Contains(upload, TestImages.GpsLatitude).ShouldBeTrue("the test photo must carry GPS to begin with");

        var image = await ProcessAsync(upload);

        image.ContentType.ShouldBe("image/jpeg");
        image.Extension.ShouldBe(".jpg");
        (image.Width, image.Height).ShouldBe((640, 480));
        TestImages.Contains(image.Content, TestImages.ExifMarker).ShouldBeFalse();
        TestImages.Contains(image.Content, TestImages.GpsLatitude).ShouldBeFalse();
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, "image/jpeg", ".jpg")]
    [InlineData(SKEncodedImageFormat.Png, "image/png", ".png")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp", ".webp")]
    public async Task ShouldKeepFormatAndSize_WhenImageIsSupported(SKEncodedImageFormat format, string contentType, string extension)
    {
        var image = await ProcessAsync(TestImages.Encode(format, 320, 200));

        image.ContentType.ShouldBe(contentType);
        image.Extension.ShouldBe(extension);
        (image.Width, image.Height).ShouldBe((320, 200));
        using var codec = SKCodec.Create(SKData.CreateCopy(image.Content));
        codec.ShouldNotBeNull();
        codec.EncodedFormat.ShouldBe(format);
        (codec.Info.Width, codec.Info.Height).ShouldBe((320, 200));
    }

    [Fact]
    public async Task ShouldKeepTransparency_WhenPngHasAlpha()
    {
        var image = await ProcessAsync(TestImages.Encode(SKEncodedImageFormat.Png, 64, 64, transparentCorner: true));

        TestImages.PixelAt(image.Content, 1, 1).Alpha.ShouldBe((byte)0);
        TestImages.PixelAt(image.Content, 40, 40).Alpha.ShouldBe((byte)255);
    }

    [Theory]
    [InlineData("html")]
    [InlineData("svg")]
    [InlineData("svg without declaration")]
    [InlineData("windows executable")]
    [InlineData("gif")]
    [InlineData("empty")]
    [InlineData("random bytes")]
    [InlineData("truncated jpeg header")]
    [InlineData("truncated jpeg body")]
    [InlineData("jpeg magic then html")]
    [InlineData("png magic then garbage")]
    [InlineData("riff wave")]
    public Task ShouldRefuseAsUnsupported_WhenContentIsNotJpegPngOrWebp(string kind) =>
        Should.ThrowAsync<UnsupportedImageException>(() => ProcessAsync(NotAnImage(kind)));

    [Fact]
    public async Task ShouldRefuseAsTooLarge_WhenUploadHasMoreThan10MB()
    {
        var upload = new byte[11 * 1024 * 1024];
        TestImages.Jpeg(16, 16).CopyTo(upload, 0);

        var error = await Should.ThrowAsync<ImageTooLargeException>(() => ProcessAsync(upload));

        error.Message.ShouldBe("The image is larger than 10 MB.");
    }

    [Fact]
    public async Task ShouldRefuseAsTooLarge_WhenStreamCannotTellItsLengthAndHasMoreThan10MB()
    {
        var upload = new byte[11 * 1024 * 1024];
        TestImages.Jpeg(16, 16).CopyTo(upload, 0);
        await using var stream = new ForwardOnlyStream(new MemoryStream(upload));

        await Should.ThrowAsync<ImageTooLargeException>(() => _processor.ProcessAsync(stream, CancellationToken.None));
    }

    [Fact]
    public async Task ShouldRefuseFromHeaderAlone_WhenPngClaims30000By30000Pixels()
    {
        var error = await Should.ThrowAsync<ImageTooLargeException>(() => ProcessAsync(TestImages.PngClaiming(30_000, 30_000)));

        error.Message.ShouldBe("The image has too many pixels.");
    }

    [Fact]
    public Task ShouldRefuseAsTooLarge_WhenOneSideIsLongerThanMaxSide() =>
        Should.ThrowAsync<ImageTooLargeException>(() => ProcessAsync(TestImages.PngClaiming(13_000, 10)));

    [Fact]
    public async Task ShouldScaleDownToMaxOutputSide_WhenLongestSideIsLonger()
    {
        var image = await ProcessAsync(TestImages.Jpeg(3000, 1500));

        (image.Width, image.Height).ShouldBe((2560, 1280));
        using var decoded = SKBitmap.Decode(image.Content);
        (decoded.Width, decoded.Height).ShouldBe((2560, 1280));
    }

    [Fact]
    public async Task ShouldTurnPhotoUpright_WhenExifSaysItWasTakenRotated()
    {
        // Stored 200×100, left half red; orientation 6 (RightTop) means "rotate 90° clockwise to view".
        var upload = TestImages.WithSegmentAfterSoi(TestImages.Jpeg(200, 100), TestImages.ExifSegment(orientation: 6));

        var image = await ProcessAsync(upload);

        (image.Width, image.Height).ShouldBe((100, 200));
        IsMostlyRed(TestImages.PixelAt(image.Content, 50, 25)).ShouldBeTrue();
        IsMostlyRed(TestImages.PixelAt(image.Content, 50, 175)).ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldTurnUprightAndScaleDown_WhenRotatedPhotoIsLarge()
    {
        var upload = TestImages.WithSegmentAfterSoi(TestImages.Jpeg(3000, 1500), TestImages.ExifSegment(orientation: 8));

        var image = await ProcessAsync(upload);

        (image.Width, image.Height).ShouldBe((1280, 2560));
    }

    [Fact]
    public async Task ShouldUseConfiguredLimits_WhenOptionsAreSmaller()
    {
        var processor = new SkiaImageProcessor(Options.Create(new ImageOptions { MaxPixels = 100 * 100 }));
        await using var stream = new MemoryStream(TestImages.Png(101, 100));

        await Should.ThrowAsync<ImageTooLargeException>(() => processor.ProcessAsync(stream, CancellationToken.None));
    }

    private async Task<ProcessedImage> ProcessAsync(byte[] upload)
    {
        await using var stream = new MemoryStream(upload);
        return await _processor.ProcessAsync(stream, CancellationToken.None);
    }

    private static bool IsMostlyRed(SKColor color) => color.Red > 200 && color.Blue < 60;

    private static byte[] NotAnImage(string kind)
    {
        var jpeg = TestImages.Jpeg(64, 64);
        return kind switch
        {
            "html" => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"),
            "svg" => Encoding.UTF8.GetBytes(
                """<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"""),
            "svg without declaration" => Encoding.UTF8.GetBytes(
                """<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"""),
            "windows executable" => [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, .. new byte[56], .. "This program cannot be run in DOS mode."u8],
            "gif" => TinyGif,
            "empty" => [],
            "random bytes" => RandomBytes(4096),
            "truncated jpeg header" => jpeg[..20],
            "truncated jpeg body" => jpeg[..(jpeg.Length / 2)],
            "jpeg magic then html" => [0xFF, 0xD8, 0xFF, .. "<html><script>alert(1)</script></html>"u8],
            "png magic then garbage" => [.. TestImages.Png(1, 1).AsSpan(0, 8), .. RandomBytes(256)],
            "riff wave" => [.. "RIFF"u8, 0x24, 0x08, 0x00, 0x00, .. "WAVEfmt "u8, .. new byte[32]],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(20_240_601).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A stream that cannot seek or tell its length, like a request body.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
