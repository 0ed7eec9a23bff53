using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Homelette.WebApi.FunctionalTests.Listings;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using ChatTestBase = Homelette.WebApi.FunctionalTests.Chat.ChatTestBase;

namespace Homelette.WebApi.FunctionalTests.Security;

/// <summary>
/// What a hostile or careless client does to the REST API: files that are not photos, names that climb out of the
/// upload folder, photos that give away where they were taken, decompression bombs, and writes that race.
/// </summary>
[Trait("Category", "Chaos")]
public sealed partial class AbuseTests(WebApiFactory factory) : ChatTestBase(factory)
{
    private const string UploadPath = "/api/listings/upload-image";

    private static string ImagesPath(Guid listingId) => $"/api/listings/{listingId}/images";

    private Task<int> ImageRowsAsync() => Factory.QueryAsync(db => db.ListingImages.CountAsync());

    [GeneratedRegex("^[0-9a-f]{32}\\.(jpg|png|webp)$")]
    private static partial Regex StoredName();

    // ---------------------------------------------------------------------------------------------------------
    // Uploads

    public static TheoryData<string> NotImages() => ["html", "svg", "pe"];

    /// <summary>The photo upload that comes before a listing (ListingPhotoTests covers the listing's own, and HTML here).</summary>
    [Theory]
    [MemberData(nameof(NotImages))]
    public async Task ShouldAnswer415AndStoreNothing_WhenAFileThatIsNotAnImageIsUploadedAsJpgBeforeTheListing(string kind)
    {
        var ann = await RegisterAndLoginAsync();
        await using var uploads = new NestedUploadFolder(Factory);
        using var http = uploads.ClientFor(ann);
        var content = kind switch
        {
            "html" => ListingTestData.Html(),
            "svg" => ListingTestData.Svg(),
            _ => ListingTestData.PortableExecutable(),
        };

        using var response = await http.PostAsync(UploadPath, ListingTestData.Multipart(content, "photo.jpg", "image/jpeg"));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        (await ImageRowsAsync()).ShouldBe(0);
        uploads.AllFiles().ShouldBeEmpty();
    }

    public static TheoryData<string, string> ClimbingNames() => new()
    {
        { "listing", "../../x.jpg" },
        { "upload", "../../x.jpg" },
        { "upload", "..\\..\\x.jpg" },
        { "upload", "/tmp/x.jpg" },
    };

    [Theory]
    [MemberData(nameof(ClimbingNames))]
    public async Task ShouldStoreUnderARandomNameInsideTheUploadFolder_WhenTheFileNameClimbsOut(string endpoint, string fileName)
    {
        var ann = await RegisterAndLoginAsync();
        var listing = endpoint == "listing" ? await CreateListingAsync(ann) : null;
        await using var uploads = new NestedUploadFolder(Factory);
        using var http = uploads.ClientFor(ann);
        var path = listing is null ? UploadPath : ImagesPath(listing.Id);
        var outsideBefore = uploads.OutsideFiles(fileName);

        using var first = await http.PostAsync(path, ListingTestData.Multipart(ListingTestData.Jpeg(), fileName, "image/jpeg"));
        using var second = await http.PostAsync(path, ListingTestData.Multipart(ListingTestData.Jpeg(), fileName, "image/jpeg"));

        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        var stored = uploads.AllFiles();
        stored.Count.ShouldBe(2, "one file per upload, and nothing anywhere else in the sandbox around the upload folder");
        stored.ShouldAllBe(file => Path.GetDirectoryName(file) == uploads.Folder);
        stored.Select(Path.GetFileName).ShouldAllBe(name => StoredName().IsMatch(name!), "a random name, nothing of the client's");
        stored.Select(Path.GetFileName).Distinct().Count().ShouldBe(2, "the same client name gives two different stored names");
        uploads.OutsideFiles(fileName).ShouldBe(outsideBefore, "nothing written where the client's name points");

        // The URL the API gives is that random name, and serves the stored file.
        var url = (await ReadJsonAsync(first)).GetProperty(listing is null ? "image_url" : "url").GetString()!;
        url.ShouldBe($"/uploads/{Path.GetFileName(stored.Single(f => url.EndsWith(Path.GetFileName(f), StringComparison.Ordinal)))}");
        using var served = await http.GetAsync(url);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public static TheoryData<string> UploadEndpoints() => ["listing", "upload"];

    [Theory]
    [MemberData(nameof(UploadEndpoints))]
    public async Task ShouldServeAJpegWithoutExifOrGps_WhenTheUploadCarriedAGpsPosition(string endpoint)
    {
        var ann = await RegisterAndLoginAsync();
        var original = ListingTestData.JpegWithGps();
        var originalSegments = Jpeg.Segments(original);
        originalSegments.ShouldContain(s => Jpeg.IsExif(s), "the test photo must carry EXIF");
        originalSegments.Where(Jpeg.IsExif).Select(Jpeg.GpsLatitude).ShouldContain((40d, 26d, 46.14d), "the test photo must carry a GPS position the parser can read");

        string url;
        if (endpoint == "listing")
        {
            var listing = await CreateListingAsync(ann);
            using var response = await ann.Http.PostAsync(ImagesPath(listing.Id), ListingTestData.Multipart(original, "beach.jpg", "image/jpeg"));
            url = (await ReadJsonAsync(response, HttpStatusCode.Created)).GetProperty("url").GetString()!;
        }
        else
        {
            using var response = await ann.Http.PostAsync(UploadPath, ListingTestData.Multipart(original, "beach.jpg", "image/jpeg"));
            url = (await ReadJsonAsync(response, HttpStatusCode.Created)).GetProperty("image_url").GetString()!;
        }

        using var get = await Factory.CreateClient().GetAsync(url);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        get.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        var served = await get.Content.ReadAsByteArrayAsync();

        var segments = Jpeg.Segments(served);
        segments.ShouldNotContain(s => Jpeg.IsExif(s), "no EXIF segment at all");
        segments.ShouldNotContain(s => Jpeg.IsXmp(s), "no XMP segment either (it can hold a position too)");
        segments.Where(s => s.Marker is >= 0xE0 and <= 0xEF && !Jpeg.IsJfif(s) && !Jpeg.IsIccProfile(s))
            .Select(s => $"APP{s.Marker - 0xE0}").ShouldBeEmpty("no application segment but JFIF and the colour profile");
        segments.Where(s => s.Marker == 0xFE).ShouldBeEmpty("no comment segment");
        using var decoded = SKBitmap.Decode(served);
        decoded.ShouldNotBeNull();
        decoded.Width.ShouldBe(64);
    }

    public static TheoryData<string> Bombs() => ["deflated-zero-rows", "header-only"];

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task ShouldRefuseA30000By30000PngWithinASecondWithoutDecodingIt(string kind)
    {
        var ann = await RegisterAndLoginAsync();
        var listing = await CreateListingAsync(ann);
        var bomb = kind == "header-only" ? ListingTestData.PngClaiming(30000, 30000) : PngBomb(30000, 30000);
        bomb.Length.ShouldBeLessThan(200 * 1024, "a small file that claims 900 million pixels");
        Png.Dimensions(bomb).ShouldBe((30000, 30000));

        // Warm up the upload path (JIT, Skia's native library), so that only this request is measured.
        (await AddPhotoAsync(ann, listing.Id)).Url.ShouldNotBeNullOrEmpty();
        using var body = ListingTestData.Multipart(bomb, "bomb.png", "image/png");
        await body.LoadIntoBufferAsync();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var sampling = new CancellationTokenSource();
        var peakWorkingSet = SamplePeakWorkingSetAsync(sampling.Token);
        var clock = Stopwatch.StartNew();

        using var response = await ann.Http.PostAsync(ImagesPath(listing.Id), body);

        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        await sampling.CancelAsync();
        var workingSetGrowth = await peakWorkingSet - workingSetBefore;
        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1), "refused from the header, not after decoding");
        allocated.ShouldBeLessThan(100L * 1024 * 1024, "managed allocations while refusing it");
        workingSetGrowth.ShouldBeLessThan(100L * 1024 * 1024, "process memory (Skia's native pixels included) while refusing it");
        (await ImageRowsAsync()).ShouldBe(1, "only the warm-up photo");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Concurrency

    [Fact]
    public async Task ShouldAcceptExactlyOneOfTwoUpdatesOnTheSameVersion_EveryTimeTheyRace()
    {
        const int rounds = 20;
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        using var first = HttpClientWithToken(ann.Token);
        using var second = HttpClientWithToken(ann.Token);
        var version = created.Version;

        for (var round = 0; round < rounds; round++)
        {
            var prices = new[] { 1000m + (2 * round), 1001m + (2 * round) };
            using var barrier = new Barrier(2);
            Task<HttpResponseMessage> Put(HttpClient http, decimal price, int expectedVersion) => Task.Run(async () =>
            {
                using var body = ListingTestData.Json(new JsonObject { ["listing"] = new JsonObject { ["price"] = price }, ["version"] = expectedVersion });
                await body.LoadIntoBufferAsync();
                barrier.SignalAndWait();
                return await http.PutAsync($"/api/listings/{created.Id}", body);
            });

            var responses = await Task.WhenAll(Put(first, prices[0], version), Put(second, prices[1], version));

            var statuses = responses.Select(r => r.StatusCode).ToList();
            statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1, $"round {round}: {string.Join(", ", statuses)}");
            statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(1, $"round {round}: {string.Join(", ", statuses)}");
            var winner = responses.Single(r => r.StatusCode == HttpStatusCode.OK);
            var winnerPrice = (await ReadJsonAsync(winner)).GetProperty("price").GetDecimal();
            await ProblemAssertions.ShouldBeProblemAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
            var stored = await Factory.QueryAsync(db => db.Listings.AsNoTracking().SingleAsync(l => l.Id == created.Id));
            stored.Version.ShouldBe(version + 1, $"round {round}: one write, one version step");
            stored.Price.ShouldBe(winnerPrice, $"round {round}: the stored price is the winner's");
            version = stored.Version;
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task ShouldStoreOneMessageAndAcknowledgeItFiftyTimes_WhenFiftyRestSendsShareAClientMessageId()
    {
        const int sends = 50;
        var ann = await UserAsync("Ann");
        var bob = await UserAsync("Bob");
        var conversation = await StartDirectAsync(ann, bob);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = Enumerable.Range(0, sends).Select(_ => HttpClientWithToken(ann.Token)).ToList();
        var requests = clients.Select(async http =>
        {
            using var body = ListingTestData.Json(TextJson("Only once, please", "fifty-at-once"));
            await body.LoadIntoBufferAsync();
            await start.Task;
            return await http.PostAsync(MessagesPath(conversation.Id), body);
        }).ToList();

        start.SetResult();
        var responses = await Task.WhenAll(requests);

        var answers = new List<(HttpStatusCode Status, Guid Id)>();
        foreach (var response in responses)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                response.StatusCode.ShouldBeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], text);
                answers.Add((response.StatusCode, JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid()));
            }
        }

        answers.Count(a => a.Status == HttpStatusCode.Created).ShouldBe(1);
        answers.Select(a => a.Id).Distinct().Count().ShouldBe(1, "every answer acknowledges the same message");
        var rows = await Factory.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ConversationId == conversation.Id).ToListAsync());
        rows.ShouldHaveSingleItem().Id.ShouldBe(answers[0].Id);
        clients.ForEach(c => c.Dispose());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode? status = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (status is { } expected)
        {
            response.StatusCode.ShouldBe(expected, text);
        }

        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The highest working set of this process (the in-process server's) seen until cancelled.</summary>
    private static async Task<long> SamplePeakWorkingSetAsync(CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        while (true)
        {
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
            if (cancellationToken.IsCancellationRequested)
            {
                return peak;
            }

            try
            {
                await Task.Delay(5, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // One more sample, then done.
            }
        }
    }

    /// <summary>
    /// A valid PNG of the given size, 1-bit greyscale, every row zero: about 112 MB of rows deflated to a hundred
    /// kilobytes or so, which a decoder would inflate into 900 million pixels (3.6 GB as RGBA).
    /// </summary>
    private static byte[] PngBomb(int width, int height)
    {
        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + ((width + 7) / 8)];
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0, 4), width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4, 4), height);
        header[8] = 1;
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Png.WriteChunk(png, "IHDR", header);
        Png.WriteChunk(png, "IDAT", idat.ToArray());
        Png.WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// The same API on the same database, storing uploads three folders deep in a sandbox of the test's own, so that
    /// a file written where a climbing name points ("../../x.jpg") would land inside the sandbox, where the test sees it.
    /// </summary>
    private sealed class NestedUploadFolder : IAsyncDisposable
    {
        private readonly WebApplicationFactory<WebApiMarker> _app;

        public NestedUploadFolder(WebApiFactory factory)
        {
            Sandbox = Directory.CreateTempSubdirectory("homelette-abuse-").FullName;
            Folder = Path.Combine(Sandbox, "one", "two", "uploads");
            Directory.CreateDirectory(Folder);
            _app = factory.WithWebHostBuilder(builder => builder.UseSetting("Storage:LocalPath", Folder));
        }

        public string Sandbox { get; }

        public string Folder { get; }

        /// <summary>Every file anywhere in the sandbox.</summary>
        public List<string> AllFiles() => [.. Directory.GetFiles(Sandbox, "*", SearchOption.AllDirectories)];

        /// <summary>Which of the places a client's file name could point at (from the upload folder, the content root, the working directory) hold a file.</summary>
        public List<string> OutsideFiles(string clientName)
        {
            var relative = clientName.Replace('\\', '/');
            var roots = new[] { Folder, AppContext.BaseDirectory, Directory.GetCurrentDirectory(), _app.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath };
            return [.. roots.Select(root => Path.GetFullPath(Path.Combine(root, relative)))
                .Append(Path.GetFullPath(Path.Combine(Folder, Path.GetFileName(relative))))
                .Distinct()
                .Where(File.Exists)];
        }

        public HttpClient ClientFor(SignedInUser user)
        {
            var client = _app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            Directory.Delete(Sandbox, recursive: true);
        }
    }

    /// <summary>Just enough of PNG to write chunks and read the size a header claims.</summary>
    private static class Png
    {
        public static void WriteChunk(Stream png, string type, byte[] data)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            png.Write(length);
            var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            png.Write(typeAndData);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, System.IO.Hashing.Crc32.HashToUInt32(typeAndData));
            png.Write(crc);
        }

        public static (int Width, int Height) Dimensions(byte[] png) =>
            (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    /// <summary>A JPEG's marker segments up to the image data, and what an EXIF segment says of the GPS position.</summary>
    private static class Jpeg
    {
        public sealed record Segment(byte Marker, byte[] Payload);

        public static List<Segment> Segments(byte[] jpeg)
        {
            jpeg[0].ShouldBe((byte)0xFF);
            jpeg[1].ShouldBe((byte)0xD8, "a JPEG starts with SOI");
            var segments = new List<Segment>();
            var at = 2;
            while (at + 4 <= jpeg.Length)
            {
                jpeg[at].ShouldBe((byte)0xFF, $"a marker at {at}");
                var marker = jpeg[at + 1];
                if (marker == 0xFF)
                {
                    at++;
                    continue;
                }

                if (marker is 0xD9 or (>= 0xD0 and <= 0xD7) or 0x01)
                {
                    at += 2;
                    continue;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2, 2));
                segments.Add(new Segment(marker, jpeg.AsSpan(at + 4, length - 2).ToArray()));
                if (marker == 0xDA)
                {
                    break; // Start of scan: entropy-coded data follows, no more metadata of interest before it.
                }

                at += 2 + length;
            }

            segments.ShouldContain(s => s.Marker == 0xDA, "a JPEG has a start of scan");
            return segments;
        }

        public static bool IsExif(Segment segment) =>
            segment.Marker == 0xE1 && segment.Payload.AsSpan().StartsWith("Exif\0\0"u8);

        public static bool IsJfif(Segment segment) =>
            segment.Marker == 0xE0 && segment.Payload.AsSpan().StartsWith("JFIF\0"u8);

        public static bool IsIccProfile(Segment segment) =>
            segment.Marker == 0xE2 && segment.Payload.AsSpan().StartsWith("ICC_PROFILE\0"u8);

        public static bool IsXmp(Segment segment) =>
            segment.Marker == 0xE1 && segment.Payload.AsSpan().StartsWith("http://ns.adobe.com/xap/1.0/"u8);

        /// <summary>Degrees, minutes and seconds of the GPS latitude in an EXIF segment, or null when it has none.</summary>
        public static (double, double, double)? GpsLatitude(Segment exif)
        {
            var tiff = exif.Payload.AsSpan(6).ToArray();
            var bigEndian = tiff[0] == (byte)'M';
            uint U32(int offset) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(tiff.AsSpan(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(offset));
            ushort U16(int offset) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(tiff.AsSpan(offset)) : BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(offset));
            uint? Entry(int ifd, ushort tag)
            {
                for (var i = 0; i < U16(ifd); i++)
                {
                    var entry = ifd + 2 + (12 * i);
                    if (U16(entry) == tag)
                    {
                        return U32(entry + 8);
                    }
                }

                return null;
            }

            if (Entry((int)U32(4), 0x8825) is not { } gpsIfd || Entry((int)gpsIfd, 0x0002) is not { } latitude)
            {
                return null;
            }

            double Rational(int offset) => (double)U32(offset) / U32(offset + 4);
            return (Rational((int)latitude), Rational((int)latitude + 8), Rational((int)latitude + 16));
        }
    }
}
