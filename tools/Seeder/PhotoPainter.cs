using System.Globalization;
using SkiaSharp;

namespace Homelette.Seeder;

/// <summary>What a generated photo shows: which of a listing's photos it is, and the caption.</summary>
internal sealed record PhotoRequest(int Seed, int Index, string Street, string Caption, bool Oceanside);

/// <summary>
/// Draws simple, recognisable listing photos: a house front, a room, or a view of the sea, each on a coloured
/// gradient, captioned with the street. JPEG, so that they go through the same upload path as camera photos.
/// </summary>
internal sealed class PhotoPainter : IDisposable
{
    /// <summary>The size the scenes are drawn at; the JPEG is <see cref="OutputWidth"/> wide, scaled down.</summary>
    private const int Width = 960;
    private const int Height = 720;
    private const int OutputWidth = 800;
    private const int OutputHeight = 600;
    private const int JpegQuality = 90;
    private const float CaptionBand = 120;

    private static readonly string[] FontFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    ];

    private readonly SKTypeface _typeface = LoadTypeface();

    public byte[] Paint(PhotoRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var random = new Random(request.Seed);
        using var surface = SKSurface.Create(new SKImageInfo(OutputWidth, OutputHeight, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Skia could not create a drawing surface.");
        var canvas = surface.Canvas;
        canvas.Scale((float)OutputWidth / Width);
        var scene = request.Index % 3;
        if (scene == 2 && !request.Oceanside && random.NextDouble() < 0.5)
        {
            scene = 0;
        }

        switch (scene)
        {
            case 0:
                PaintHouse(canvas, random);
                break;
            case 1:
                PaintRoom(canvas, random);
                break;
            default:
                PaintSea(canvas, random);
                break;
        }

        PaintCaption(canvas, request.Street, request.Caption);
        canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, JpegQuality)
            ?? throw new InvalidOperationException("Skia could not encode the photo.");
        return data.ToArray();
    }

    public void Dispose() => _typeface.Dispose();

    private static void PaintHouse(SKCanvas canvas, Random random)
    {
        var sunset = random.NextDouble() < 0.35;
        Sky(canvas, random, sunset);
        using var sun = Fill(sunset ? SKColor.FromHsl(35, 95, 60) : SKColor.FromHsl(50, 95, 70));
        canvas.DrawCircle(Float(random, 80, Width - 80), Float(random, 70, 200), Float(random, 35, 60), sun);

        var groundTop = Height * 0.68f;
        using var ground = Fill(SKColor.FromHsl(Float(random, 85, 130), 40, 38));
        canvas.DrawRect(0, groundTop, Width, Height - groundTop, ground);

        var houseWidth = Float(random, 380, 560);
        var houseHeight = Float(random, 180, 250);
        var left = (Width - houseWidth) / 2 + Float(random, -120, 120);
        var top = groundTop - houseHeight + 10;
        using var wall = Fill(SKColor.FromHsl(Float(random, 0, 360), Float(random, 20, 45), Float(random, 72, 88)));
        canvas.DrawRect(left, top, houseWidth, houseHeight, wall);

        using var roofPath = new SKPath();
        roofPath.MoveTo(left - 30, top);
        roofPath.LineTo(left + (houseWidth / 2), top - Float(random, 90, 140));
        roofPath.LineTo(left + houseWidth + 30, top);
        roofPath.Close();
        using var roof = Fill(SKColor.FromHsl(Float(random, 5, 25), 55, Float(random, 35, 48)));
        canvas.DrawPath(roofPath, roof);

        using var door = Fill(SKColor.FromHsl(Float(random, 180, 230), 45, 30));
        var doorX = left + (houseWidth * 0.5f) - 27;
        canvas.DrawRect(doorX, groundTop - 110 + 10, 55, 100, door);

        using var glass = Fill(SKColor.FromHsl(200, 60, 80));
        using var frame = Stroke(SKColors.White, 5);
        foreach (var x in new[] { left + (houseWidth * 0.12f), left + (houseWidth * 0.66f) })
        {
            canvas.DrawRect(x, top + 40, houseWidth * 0.22f, 70, glass);
            canvas.DrawRect(x, top + 40, houseWidth * 0.22f, 70, frame);
        }

        if (random.NextDouble() < 0.6)
        {
            PalmTree(canvas, random, random.NextDouble() < 0.5 ? Float(random, 60, left - 20) : Float(random, left + houseWidth + 40, Width - 60), groundTop + 20);
        }
    }

    private static void PaintRoom(SKCanvas canvas, Random random)
    {
        var hue = Float(random, 0, 360);
        using (var wall = new SKPaint
        {
            IsAntialias = true,
            Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 0),
                new SKPoint(Width, Height),
                [SKColor.FromHsl(hue, 30, 88), SKColor.FromHsl(hue, 25, 72)],
                null,
                SKShaderTileMode.Clamp),
        })
        {
            canvas.DrawRect(0, 0, Width, Height, wall);
        }

        var floorTop = Height * 0.62f;
        using var floorPath = new SKPath();
        floorPath.MoveTo(0, Height);
        floorPath.LineTo(90, floorTop);
        floorPath.LineTo(Width - 90, floorTop);
        floorPath.LineTo(Width, Height);
        floorPath.Close();
        using var floor = Fill(SKColor.FromHsl(Float(random, 22, 35), 45, Float(random, 35, 55)));
        canvas.DrawPath(floorPath, floor);

        var windowX = Float(random, 120, Width - 380);
        using var sky = new SKPaint
        {
            IsAntialias = true,
            Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 80),
                new SKPoint(0, 330),
                [SKColor.FromHsl(205, 80, 65), SKColor.FromHsl(190, 70, 85)],
                null,
                SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(windowX, 80, 260, 250, sky);
        using var frame = Stroke(SKColors.White, 10);
        canvas.DrawRect(windowX, 80, 260, 250, frame);
        canvas.DrawLine(windowX + 130, 80, windowX + 130, 330, frame);

        using var bed = Fill(SKColor.FromHsl(Float(random, 0, 360), 35, 60));
        using var pillow = Fill(SKColors.WhiteSmoke);
        var bedX = Float(random, 60, Width - 460);
        canvas.DrawRoundRect(bedX, floorTop + 20, 400, 150, 18, 18, bed);
        canvas.DrawRoundRect(bedX + 20, floorTop + 5, 110, 50, 14, 14, pillow);

        using var desk = Fill(SKColor.FromHsl(28, 35, 30));
        var deskX = bedX > Width / 2f ? 70 : Width - 300;
        canvas.DrawRect(deskX, floorTop - 40, 220, 20, desk);
        canvas.DrawRect(deskX + 10, floorTop - 20, 14, 110, desk);
        canvas.DrawRect(deskX + 196, floorTop - 20, 14, 110, desk);
        using var plant = Fill(SKColor.FromHsl(120, 45, 35));
        canvas.DrawCircle(deskX + 40, floorTop - 70, 30, plant);
    }

    private static void PaintSea(SKCanvas canvas, Random random)
    {
        var sunset = random.NextDouble() < 0.5;
        Sky(canvas, random, sunset);
        var horizon = Height * Float(random, 0.38f, 0.46f);
        using var sea = new SKPaint
        {
            IsAntialias = true,
            Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, horizon),
                new SKPoint(0, Height),
                [SKColor.FromHsl(200, 70, sunset ? 35 : 45), SKColor.FromHsl(185, 65, 30)],
                null,
                SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, horizon, Width, Height - horizon, sea);

        using var foam = Stroke(new SKColor(255, 255, 255, 170), 4);
        for (var row = 0; row < 5; row++)
        {
            using var wave = new SKPath();
            var y = horizon + 30 + (row * 45);
            wave.MoveTo(0, y);
            for (var x = 0; x <= Width; x += 40)
            {
                wave.QuadTo(x + 20, y - Float(random, 6, 14), x + 40, y);
            }

            canvas.DrawPath(wave, foam);
        }

        // The bluff Isla Vista sits on, in the foreground.
        using var bluff = new SKPath();
        bluff.MoveTo(0, Height);
        bluff.LineTo(0, Height * 0.66f);
        bluff.CubicTo(Width * 0.3f, Height * Float(random, 0.62f, 0.7f), Width * 0.6f, Height * 0.76f, Width, Height * Float(random, 0.7f, 0.76f));
        bluff.LineTo(Width, Height);
        bluff.Close();
        using var sand = Fill(SKColor.FromHsl(38, 45, 62));
        canvas.DrawPath(bluff, sand);
        PalmTree(canvas, random, Float(random, 80, Width - 80), Height * 0.76f);
    }

    private void PaintCaption(SKCanvas canvas, string street, string caption)
    {
        using var band = Fill(new SKColor(0, 0, 0, 140));
        canvas.DrawRect(0, Height - CaptionBand, Width, CaptionBand, band);
        using var text = Fill(SKColors.White);
        using var title = new SKFont(_typeface, 44);
        using var subtitle = new SKFont(_typeface, 28);
        canvas.DrawText(street, 30, Height - CaptionBand + 55, SKTextAlign.Left, title, text);
        canvas.DrawText(caption, 30, Height - 22, SKTextAlign.Left, subtitle, text);
    }

    private static void Sky(SKCanvas canvas, Random random, bool sunset)
    {
        SKColor[] colors = sunset
            ? [SKColor.FromHsl(Float(random, 250, 280), 45, 35), SKColor.FromHsl(Float(random, 15, 35), 90, 65)]
            : [SKColor.FromHsl(Float(random, 200, 215), 75, 55), SKColor.FromHsl(Float(random, 185, 200), 70, 85)];
        using var paint = new SKPaint
        {
            IsAntialias = true,
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, Height), colors, null, SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, Width, Height, paint);
    }

    private static void PalmTree(SKCanvas canvas, Random random, float x, float baseY)
    {
        var height = Float(random, 220, 320);
        var lean = Float(random, -40, 40);
        using var trunk = Stroke(SKColor.FromHsl(30, 35, 30), 14);
        using var path = new SKPath();
        path.MoveTo(x, baseY);
        path.QuadTo(x + (lean / 2), baseY - (height / 2), x + lean, baseY - height);
        canvas.DrawPath(path, trunk);
        using var leaf = Fill(SKColor.FromHsl(Float(random, 100, 135), 50, 30));
        for (var i = 0; i < 7; i++)
        {
            canvas.Save();
            canvas.Translate(x + lean, baseY - height);
            canvas.RotateDegrees((i * 360f / 7) + Float(random, -10, 10));
            canvas.DrawOval(55, 0, 60, 14, leaf);
            canvas.Restore();
        }
    }

    private static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };

    private static SKPaint Stroke(SKColor color, float width) =>
        new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeCap = SKStrokeCap.Round };

    private static float Float(Random random, float min, float max) => min + ((float)random.NextDouble() * (max - min));

    private static SKTypeface LoadTypeface()
    {
        foreach (var file in FontFiles)
        {
            if (File.Exists(file) && SKTypeface.FromFile(file) is { } typeface)
            {
                return typeface;
            }
        }

        // Without a font file the NoDependencies build may draw no glyphs: the photo is still a photo.
        return SKTypeface.Default;
    }

    /// <summary>"$1,850/mo · 2 bd · Isla Vista".</summary>
    public static string Caption(decimal price, int bedrooms, string city) =>
        string.Create(CultureInfo.InvariantCulture, $"${price:#,0}/mo · {(bedrooms == 0 ? "studio" : $"{bedrooms} bd")} · {city}");
}
