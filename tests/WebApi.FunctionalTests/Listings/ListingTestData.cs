using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelette.Application.Common.Storage;
using Homelette.Client;
using Homelette.Infrastructure.Storage;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Homelette.WebApi.FunctionalTests.Listings;

/// <summary>Valid listing bodies and photos made on the spot.</summary>
internal static class ListingTestData
{
    /// <summary>The middle of Isla Vista, where the demo listings are.</summary>
    public const double IslaVistaLatitude = 34.4133;
    public const double IslaVistaLongitude = -119.8610;

    public static readonly DateTimeOffset StartDate = Date(2027, 1, 1);
    public static readonly DateTimeOffset EndDate = Date(2027, 6, 30);

    public static DateTimeOffset Date(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A listing every rule accepts, as the generated client sends it (no amenities: see the client tests).</summary>
    public static CreateListingCommand NewListing(string title = "Sunny room near campus", decimal price = 950m) => new()
    {
        Address = new AddressInput
        {
            Street_address = "6500 Del Playa Dr",
            Apt_number = "B",
            City = "Isla Vista",
            State = "CA",
            Zip_code = "93117",
            Latitude = IslaVistaLatitude,
            Longitude = IslaVistaLongitude,
        },
        Property = new PropertyInput
        {
            Property_type = PropertyType.Apartment,
            Bedrooms = 2,
            Bathrooms = 1.5m,
            Area = 800,
        },
        Listing = new ListingInput
        {
            Title = title,
            Description = "Two minutes from the beach, furnished, quiet neighbours.",
            Price = price,
            Start_date = StartDate,
            End_date = EndDate,
            Roommates = 1,
        },
    };

    /// <summary>The same valid listing as raw snake_case JSON, for bodies the generated client cannot send.</summary>
    public static JsonObject NewListingJson(string title = "Sunny room near campus", decimal price = 950m) => new()
    {
        ["address"] = new JsonObject
        {
            ["street_address"] = "6500 Del Playa Dr",
            ["apt_number"] = "B",
            ["city"] = "Isla Vista",
            ["state"] = "CA",
            ["zip_code"] = "93117",
            ["latitude"] = IslaVistaLatitude,
            ["longitude"] = IslaVistaLongitude,
        },
        ["property"] = new JsonObject
        {
            ["property_type"] = "apartment",
            ["bedrooms"] = 2,
            ["bathrooms"] = 1.5m,
            ["area"] = 800,
        },
        ["listing"] = new JsonObject
        {
            ["title"] = title,
            ["description"] = "Two minutes from the beach, furnished, quiet neighbours.",
            ["price"] = price,
            ["start_date"] = "2027-01-01",
            ["end_date"] = "2027-06-30",
            ["roommates"] = 1,
            ["amenities"] = new JsonArray("wifi", "laundry"),
        },
    };

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>An image whose left half is red and right half blue.</summary>
    public static byte[] Image(SKEncodedImageFormat format, int width = 64, int height = 48)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height, red);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    public static byte[] Png(int width = 64, int height = 48) => Image(SKEncodedImageFormat.Png, width, height);

    public static byte[] Jpeg(int width = 64, int height = 48) => Image(SKEncodedImageFormat.Jpeg, width, height);

    public static byte[] Webp(int width = 64, int height = 48) => Image(SKEncodedImageFormat.Webp, width, height);

    /// <summary>A PNG of random noise: valid, and several megabytes because noise does not compress.</summary>
    public static byte[] NoisyPng(int width, int height)
    {
        var random = new Random(42);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[width * height * 4];
        random.NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 0xFF;
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The GPS latitude written into <see cref="JpegWithGps"/>: 40° 26' 46.14" as big-endian rationals.</summary>
    public static readonly byte[] GpsLatitude = Rationals((40, 1), (26, 1), (4614, 100));

    public static readonly byte[] ExifMarker = "Exif\0\0"u8.ToArray();

    /// <summary>A JPEG carrying an EXIF segment with a GPS position (latitude <see cref="GpsLatitude"/>).</summary>
    public static byte[] JpegWithGps()
    {
        var jpeg = Jpeg();
        return [.. jpeg.AsSpan(0, 2), .. ExifGpsSegment(), .. jpeg.AsSpan(2)];
    }

    /// <summary>A PNG whose header claims the given size (a decompression bomb) with a correct header checksum.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var png = Png(1, 1);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16, 4), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20, 4), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29, 4), System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(12, 17)));
        return png;
    }

    public static byte[] Html() => "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"u8.ToArray();

    public static byte[] Svg() =>
        """<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"""u8.ToArray();

    /// <summary>The start of a Windows executable: "MZ", a DOS stub and the "PE" signature.</summary>
    public static byte[] PortableExecutable()
    {
        var bytes = new byte[1024];
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(0x3C, 4), 0x80);
        "PE\0\0"u8.CopyTo(bytes.AsSpan(0x80));
        return bytes;
    }

    /// <summary>JPEG magic bytes followed by zeros: over the 10 MB limit.</summary>
    public static byte[] ElevenMegabytes() => JpegMagicFollowedByZeros(11 * 1024 * 1024);

    public static byte[] JpegMagicFollowedByZeros(int length)
    {
        var bytes = new byte[length];
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        return bytes;
    }

    public static MultipartFormDataContent Multipart(byte[] content, string fileName, string contentType, string field = "image")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static byte[] ExifGpsSegment()
    {
        // Big-endian TIFF: header (8), IFD0 with one entry pointing at the GPS IFD, the GPS IFD with four entries, then the rationals.
        const uint ifd0Offset = 8;
        const uint gpsIfdOffset = ifd0Offset + 2 + 12 + 4;
        const uint latitudeOffset = gpsIfdOffset + 2 + (12 * 4) + 4;
        const uint longitudeOffset = latitudeOffset + 24;
        var tiff = new List<byte>();
        tiff.AddRange("MM"u8.ToArray());
        tiff.AddRange(BigEndian((ushort)0x002A));
        tiff.AddRange(BigEndian(ifd0Offset));
        WriteIfd(tiff, [(0x8825, 4, 1, gpsIfdOffset)]);
        WriteIfd(tiff,
        [
            (0x0001, 2, 2, (uint)'N' << 24),
            (0x0002, 5, 3, latitudeOffset),
            (0x0003, 2, 2, (uint)'W' << 24),
            (0x0004, 5, 3, longitudeOffset),
        ]);
        tiff.AddRange(GpsLatitude);
        tiff.AddRange(Rationals((79, 1), (58, 1), (5640, 100)));

        var segment = new List<byte> { 0xFF, 0xE1 };
        segment.AddRange(BigEndian((ushort)(2 + ExifMarker.Length + tiff.Count)));
        segment.AddRange(ExifMarker);
        segment.AddRange(tiff);
        return [.. segment];
    }

    private static void WriteIfd(List<byte> tiff, (ushort Tag, ushort Type, uint Count, uint Value)[] entries)
    {
        tiff.AddRange(BigEndian((ushort)entries.Length));
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

/// <summary>What every listing test needs: clients per user, a listing in one call, and where uploads land on disk.</summary>
public abstract class ListingTestBase(WebApiFactory factory) : WebApiTestBase(factory)
{
    protected ListingsClient AnonymousListings => new(Factory.CreateClient());

    protected static ListingsClient ListingsOf(SignedInUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new ListingsClient(user.Http);
    }

    /// <summary>The per-field errors of a 400 the generated client threw.</summary>
    protected static ICollection<string> ErrorFields(ApiException exception) =>
        exception.ShouldBeOfType<ApiException<HttpValidationProblemDetails>>().Result.Errors.Keys;

    protected static async Task<ListingDto> CreateListingAsync(SignedInUser owner, Action<CreateListingCommand>? change = null)
    {
        var command = ListingTestData.NewListing();
        change?.Invoke(command);
        return await ListingsOf(owner).CreateListingAsync(command);
    }

    /// <summary>Posts a raw JSON listing (amenities as the server names them) and returns its id.</summary>
    protected static async Task<Guid> CreateListingFromJsonAsync(SignedInUser owner, Action<JsonObject>? change = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var body = ListingTestData.NewListingJson();
        change?.Invoke(body);
        using var content = ListingTestData.Json(body);
        using var response = await owner.Http.PostAsync("/api/listings", content);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>GET /api/listings with a raw query string; the ids of the page, in order.</summary>
    protected async Task<List<Guid>> SearchIdsAsync(string query, SignedInUser? caller = null)
    {
        var http = caller?.Http ?? Factory.CreateClient();
        using var response = await http.GetAsync($"/api/listings?{query}");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("id").GetGuid()).ToList();
    }

    protected static async Task<ListingImageDto> AddPhotoAsync(SignedInUser owner, Guid listingId, byte[]? png = null)
    {
        using var stream = new MemoryStream(png ?? ListingTestData.Png());
        return await ListingsOf(owner).AddListingImageAsync(listingId, new FileParameter(stream, "photo.png", "image/png"));
    }

    protected static async Task<string> UploadAsync(SignedInUser owner, byte[]? png = null)
    {
        using var stream = new MemoryStream(png ?? ListingTestData.Png());
        return (await ListingsOf(owner).UploadImageAsync(new FileParameter(stream, "photo.png", "image/png"))).Image_url;
    }

    /// <summary>
    /// Posts a multipart photo. With <paramref name="expectContinue"/> the body waits for the server's go-ahead, the way
    /// a client should send a large upload: a server refusing it by its length answers before the body is sent.
    /// </summary>
    protected static async Task<HttpResponseMessage> PostPhotoAsync(
        SignedInUser user, string path, byte[] content, string fileName, string contentType, bool expectContinue = false)
    {
        ArgumentNullException.ThrowIfNull(user);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = ListingTestData.Multipart(content, fileName, contentType),
        };
        request.Headers.ExpectContinue = expectContinue;
        return await user.Http.SendAsync(request);
    }

    /// <summary>The file behind an upload URL, in the folder the running WebApi stores uploads in.</summary>
    protected string FileOf(string url)
    {
        var key = Factory.Services.GetRequiredService<IFileStore>().KeyFromUrl(url)
            ?? throw new InvalidOperationException($"'{url}' is not an upload URL.");
        var root = Factory.Services.GetRequiredService<IOptions<StorageOptions>>().Value.LocalPath;
        return Path.Combine(root, key);
    }
}

/// <summary>
/// The same API on the same database, storing uploads in a folder of its own, so that a test can count the files a
/// request left behind (the shared upload folder also receives files from other runs and the demo seeder).
/// </summary>
public sealed class PrivateUploadFolder : IAsyncDisposable
{
    private readonly WebApplicationFactory<WebApiMarker> _app;

    public PrivateUploadFolder(WebApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Folder = Directory.CreateTempSubdirectory("homelette-uploads-").FullName;
        _app = factory.WithWebHostBuilder(builder => builder.UseSetting("Storage:LocalPath", Folder));
    }

    public string Folder { get; }

    public int FileCount => Directory.GetFiles(Folder).Length;

    public HttpClient ClientFor(SignedInUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
