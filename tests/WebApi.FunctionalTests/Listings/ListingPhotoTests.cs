using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Homelette.Client;
using Homelette.WebApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Homelette.WebApi.FunctionalTests.Listings;

[Trait("Category", "Chaos")]
public sealed class ListingPhotoTests(WebApiFactory factory) : ListingTestBase(factory)
{
    private static string ImagesPath(Guid listingId) => $"/api/listings/{listingId}/images";

    private Task<int> ImageRowsAsync() => Factory.QueryAsync(db => db.ListingImages.CountAsync());

    private static async Task<HttpResponseMessage> PostPhotoAsync(HttpClient http, string path, byte[] content, string fileName, string contentType)
    {
        using var body = ListingTestData.Multipart(content, fileName, contentType);
        return await http.PostAsync(path, body);
    }

    public static TheoryData<string, string, string> Formats() => new()
    {
        { "png", "image/png", ".png" },
        { "jpeg", "image/jpeg", ".jpg" },
        { "webp", "image/webp", ".webp" },
    };

    private static byte[] Photo(string format) => format switch
    {
        "png" => ListingTestData.Png(),
        "jpeg" => ListingTestData.Jpeg(),
        _ => ListingTestData.Webp(),
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task ShouldAnswer201WithIdUrlAndPosition_WhenTheOwnerUploadsAPhoto(string format, string contentType, string extension)
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        using var response = await PostPhotoAsync(ann, ImagesPath(created.Id), Photo(format), "holiday.bin", contentType);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("image_id").GetGuid().ShouldNotBe(Guid.Empty);
        json.GetProperty("position").GetInt32().ShouldBe(0);
        var url = json.GetProperty("url").GetString()!;
        url.ShouldStartWith("/uploads/");
        url.ShouldEndWith(extension);
        url.ShouldNotContain("holiday");
        response.Headers.Location!.ToString().ShouldBe(url);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task ShouldServeThePhotoWithItsTypeAndNosniff_WhenItsUrlIsFetched(string format, string contentType, string extension)
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        using var upload = await PostPhotoAsync(ann, ImagesPath(created.Id), Photo(format), "photo" + extension, contentType);
        var url = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;

        using var response = await Factory.CreateClient().GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(contentType);
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        using var decoded = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        decoded.Width.ShouldBe(64);
    }

    [Fact]
    public async Task ShouldJudgeTheFormatByContent_WhenThePhotoIsDeclaredAsSomethingElse()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        using var response = await PostPhotoAsync(ann, ImagesPath(created.Id), ListingTestData.Png(), "photo.jpg", "image/jpeg");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var url = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;
        url.ShouldEndWith(".png");
    }

    [Fact]
    public async Task ShouldStripTheGpsPosition_WhenAJpegCarriesExif()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var original = ListingTestData.JpegWithGps();
        ListingTestData.Contains(original, ListingTestData.GpsLatitude).ShouldBeTrue();

        var photo = await AddPhotoAsync(ann, created.Id, original);

        var served = await Factory.CreateClient().GetByteArrayAsync(photo.Url);
        ListingTestData.Contains(served, ListingTestData.GpsLatitude).ShouldBeFalse();
        ListingTestData.Contains(served, ListingTestData.ExifMarker).ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldAcceptThePhoto_WhenItIsSeveralMegabytes()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var big = ListingTestData.NoisyPng(1100, 1100);
        big.Length.ShouldBeGreaterThan(3 * 1024 * 1024);

        using var response = await PostPhotoAsync(ann, ImagesPath(created.Id), big, "big.png", "image/png");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public static TheoryData<string> NotImages() => ["html", "svg", "pe", "empty"];

    private static byte[] NotImage(string kind) => kind switch
    {
        "html" => ListingTestData.Html(),
        "svg" => ListingTestData.Svg(),
        "pe" => ListingTestData.PortableExecutable(),
        _ => [],
    };

    [Theory]
    [MemberData(nameof(NotImages))]
    public async Task ShouldAnswer415AndStoreNothing_WhenTheFileIsNotAnImageButNamedJpg(string kind)
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        await using var uploads = new PrivateUploadFolder(Factory);
        using var http = uploads.ClientFor(ann);

        using var response = await PostPhotoAsync(http, ImagesPath(created.Id), NotImage(kind), "photo.jpg", "image/jpeg");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        (await ImageRowsAsync()).ShouldBe(0);
        uploads.FileCount.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer413_WhenThePhotoIsOver10Megabytes()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        using var response = await PostPhotoAsync(
            ann, ImagesPath(created.Id), ListingTestData.ElevenMegabytes(), "huge.jpg", "image/jpeg", expectContinue: true);

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        (await ImageRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer413_WhenThePhotoIsJustOver10MegabytesButTheRequestIsWithinTheLimit()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var justOver = ListingTestData.JpegMagicFollowedByZeros((10 * 1024 * 1024) + 1024);

        using var response = await PostPhotoAsync(ann, ImagesPath(created.Id), justOver, "huge.jpg", "image/jpeg");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        (await ImageRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer413Quickly_WhenThePhotoClaimsTooManyPixels()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var clock = Stopwatch.StartNew();

        using var response = await PostPhotoAsync(ann, ImagesPath(created.Id), ListingTestData.PngClaiming(30000, 30000), "bomb.png", "image/png");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        (await ImageRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer400_WhenTheImageFieldIsMissing()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        using var response = await ann.Http.PostAsync(
            ImagesPath(created.Id), ListingTestData.Multipart(ListingTestData.Png(), "photo.png", "image/png", field: "file"));

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ShouldAnswer409AndStoreNothing_WhenAdding21stPhoto()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        await using var uploads = new PrivateUploadFolder(Factory);
        using var http = uploads.ClientFor(ann);
        var png = ListingTestData.Png(8, 8);
        for (var i = 0; i < 20; i++)
        {
            using var added = await PostPhotoAsync(http, ImagesPath(created.Id), png, "photo.png", "image/png");
            added.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var response = await PostPhotoAsync(http, ImagesPath(created.Id), png, "photo.png", "image/png");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Conflict);
        (await ImageRowsAsync()).ShouldBe(20);
        uploads.FileCount.ShouldBe(20);
    }

    [Fact]
    public async Task ShouldKeepAtMost20PhotosAndNoStrayFile_WhenUploadsRaceForTheLastPlace()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        await using var uploads = new PrivateUploadFolder(Factory);
        using var http = uploads.ClientFor(ann);
        var png = ListingTestData.Png(8, 8);
        for (var i = 0; i < 19; i++)
        {
            using var added = await PostPhotoAsync(http, ImagesPath(created.Id), png, "photo.png", "image/png");
            added.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var responses = await Task.WhenAll(
            PostPhotoAsync(http, ImagesPath(created.Id), png, "a.png", "image/png"),
            PostPhotoAsync(http, ImagesPath(created.Id), png, "b.png", "image/png"),
            PostPhotoAsync(http, ImagesPath(created.Id), png, "c.png", "image/png"));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(2);
        var positions = await Factory.QueryAsync(db => db.ListingImages.Where(i => i.ListingId == created.Id).Select(i => i.Position).ToListAsync());
        positions.Order().ShouldBe(Enumerable.Range(0, 20));
        uploads.FileCount.ShouldBe(20);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ShouldPutTheNewPhotoLast_WhenTheListingAlreadyHasPhotos()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var first = await AddPhotoAsync(ann, created.Id);

        var second = await AddPhotoAsync(ann, created.Id);

        second.Position.ShouldBe(1);
        (await ListingsOf(ann).GetListingAsync(created.Id)).Cover_image_url.ShouldBe(first.Url);
    }

    [Fact]
    public async Task ShouldForbidAndStoreNothing_WhenSomeoneElseAddsAPhoto()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        await using var uploads = new PrivateUploadFolder(Factory);
        using var http = uploads.ClientFor(bob);

        using var response = await PostPhotoAsync(http, ImagesPath(created.Id), ListingTestData.Png(), "photo.png", "image/png");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
        (await ImageRowsAsync()).ShouldBe(0);
        uploads.FileCount.ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer404_WhenAddingAPhotoToAnUnknownListing()
    {
        var ann = await RegisterAndLoginAsync();

        using var response = await PostPhotoAsync(ann, ImagesPath(Guid.CreateVersion7()), ListingTestData.Png(), "photo.png", "image/png");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymousAddsAPhoto()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        using var response = await Factory.CreateClient().PostAsync(
            ImagesPath(created.Id), ListingTestData.Multipart(ListingTestData.Png(), "photo.png", "image/png"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ImageRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldRemoveThePhotoAndItsFileAndCloseRanks_WhenTheOwnerDeletesIt()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var first = await AddPhotoAsync(ann, created.Id);
        var second = await AddPhotoAsync(ann, created.Id);
        var third = await AddPhotoAsync(ann, created.Id);

        await ListingsOf(ann).DeleteListingImageAsync(created.Id, first.Image_id);

        var listing = await ListingsOf(ann).GetListingAsync(created.Id);
        listing.Images.Select(i => (i.Image_id, i.Position)).ShouldBe([(second.Image_id, 0), (third.Image_id, 1)]);
        listing.Cover_image_url.ShouldBe(second.Url);
        File.Exists(FileOf(first.Url)).ShouldBeFalse();
        (await ImageRowsAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task ShouldClearTheCover_WhenTheLastPhotoIsDeleted()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var only = await AddPhotoAsync(ann, created.Id);

        await ListingsOf(ann).DeleteListingImageAsync(created.Id, only.Image_id);

        (await ListingsOf(ann).GetListingAsync(created.Id)).Cover_image_url.ShouldBeNull();
    }

    [Fact]
    public async Task ShouldForbidAndKeepThePhoto_WhenSomeoneElseDeletesIt()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        var photo = await AddPhotoAsync(ann, created.Id);

        await ShouldFailAsync(() => ListingsOf(bob).DeleteListingImageAsync(created.Id, photo.Image_id), 403);

        (await ImageRowsAsync()).ShouldBe(1);
        File.Exists(FileOf(photo.Url)).ShouldBeTrue();
    }

    [Fact]
    public async Task ShouldAnswer404_WhenDeletingAnUnknownPhoto()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);

        await ShouldFailAsync(() => ListingsOf(ann).DeleteListingImageAsync(created.Id, Guid.CreateVersion7()), 404);
    }

    [Fact]
    public async Task ShouldAnswer404AndKeepThePhoto_WhenThePhotoBelongsToAnotherListing()
    {
        var ann = await RegisterAndLoginAsync();
        var withPhoto = await CreateListingAsync(ann);
        var other = await CreateListingAsync(ann);
        var photo = await AddPhotoAsync(ann, withPhoto.Id);

        await ShouldFailAsync(() => ListingsOf(ann).DeleteListingImageAsync(other.Id, photo.Image_id), 404);

        (await ImageRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ShouldPutPhotosInTheGivenOrderAndMoveTheCover_WhenTheOwnerReorders()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var first = await AddPhotoAsync(ann, created.Id);
        var second = await AddPhotoAsync(ann, created.Id);
        var third = await AddPhotoAsync(ann, created.Id);

        var ordered = await ListingsOf(ann).ReorderListingImagesAsync(
            created.Id, new ImageOrderInput { Image_ids = [second.Image_id, third.Image_id, first.Image_id] });

        ordered.Select(i => (i.Image_id, i.Position)).ShouldBe([(second.Image_id, 0), (third.Image_id, 1), (first.Image_id, 2)]);
        (await ListingsOf(ann).GetListingAsync(created.Id)).Cover_image_url.ShouldBe(second.Url);
        (await AnonymousListings.SearchListingsAsync()).Items.Single().Cover_image_url.ShouldBe(second.Url);
    }

    public static TheoryData<string> BadOrders() => ["missing", "duplicate", "foreign", "empty"];

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task ShouldAnswer400NamingImageIdsAndKeepTheOrder_WhenTheOrderDoesNotListEveryPhotoOnce(string mistake)
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        var first = await AddPhotoAsync(ann, created.Id);
        var second = await AddPhotoAsync(ann, created.Id);
        List<Guid> ids = mistake switch
        {
            "missing" => [second.Image_id],
            "duplicate" => [second.Image_id, first.Image_id, second.Image_id],
            "foreign" => [second.Image_id, Guid.CreateVersion7()],
            _ => [],
        };

        var ex = await ShouldFailAsync(() => ListingsOf(ann).ReorderListingImagesAsync(created.Id, new ImageOrderInput { Image_ids = ids }), 400);

        ErrorFields(ex).ShouldBe(["image_ids"]);
        (await ListingsOf(ann).GetListingAsync(created.Id)).Images.Select(i => i.Image_id).ShouldBe([first.Image_id, second.Image_id]);
    }

    [Fact]
    public async Task ShouldAnswer400NamingImageIds_WhenTheOrderIsMissing()
    {
        var ann = await RegisterAndLoginAsync();
        var created = await CreateListingAsync(ann);
        await AddPhotoAsync(ann, created.Id);

        using var response = await ann.Http.PutAsync($"/api/listings/{created.Id}/images/order", ListingTestData.Json("{}"));

        (await ProblemAssertions.ShouldBeValidationProblemAsync(response)).Keys.ShouldBe(["image_ids"]);
    }

    [Fact]
    public async Task ShouldForbidAndKeepTheOrder_WhenSomeoneElseReorders()
    {
        var ann = await RegisterAndLoginAsync("ann@example.edu", "Ann");
        var bob = await RegisterAndLoginAsync("bob@example.edu", "Bob");
        var created = await CreateListingAsync(ann);
        var first = await AddPhotoAsync(ann, created.Id);
        var second = await AddPhotoAsync(ann, created.Id);

        await ShouldFailAsync(
            () => ListingsOf(bob).ReorderListingImagesAsync(created.Id, new ImageOrderInput { Image_ids = [second.Image_id, first.Image_id] }), 403);

        (await ListingsOf(ann).GetListingAsync(created.Id)).Images.Select(i => i.Image_id).ShouldBe([first.Image_id, second.Image_id]);
    }

    [Fact]
    public async Task ShouldStoreAnUnattachedUpload_WhenUploadingBeforeTheListingExists()
    {
        var ann = await RegisterAndLoginAsync();

        using var response = await PostPhotoAsync(ann, "/api/listings/upload-image", ListingTestData.Jpeg(), "me.jpg", "image/jpeg");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var url = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("image_url").GetString()!;
        url.ShouldStartWith("/uploads/");
        File.Exists(FileOf(url)).ShouldBeTrue();
        var row = await Factory.QueryAsync(db => db.ListingImages.AsNoTracking().SingleAsync());
        row.ListingId.ShouldBeNull();
        row.OwnerId.ShouldBe(ann.Id);
        row.Url.ShouldBe(url);
    }

    [Fact]
    public async Task ShouldAnswer415_WhenUploadingHtmlBeforeTheListingExists()
    {
        var ann = await RegisterAndLoginAsync();

        using var response = await PostPhotoAsync(ann, "/api/listings/upload-image", ListingTestData.Html(), "me.jpg", "image/jpeg");

        await ProblemAssertions.ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        (await ImageRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldAnswer401_WhenAnonymousUploadsBeforeTheListingExists()
    {
        using var response = await Factory.CreateClient().PostAsync(
            "/api/listings/upload-image", ListingTestData.Multipart(ListingTestData.Png(), "photo.png", "image/png"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ShouldUploadThroughTheGeneratedClient_WhenUsingUploadImage()
    {
        var ann = await RegisterAndLoginAsync();

        var url = await UploadAsync(ann);

        using var served = await Factory.CreateClient().GetAsync(url);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/uploads/..%2Fappsettings.json")]
    [InlineData("/uploads/%2E%2E/appsettings.json")]
    [InlineData("/uploads/..%5Cappsettings.json")]
    public async Task ShouldNotServeFilesOutsideTheUploadFolder_WhenThePathClimbsOut(string path)
    {
        using var response = await Factory.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("ConnectionStrings");
    }

    [Fact]
    public async Task ShouldNotServeAnythingButPhotos_WhenTheUploadFolderHoldsOtherFiles()
    {
        var ann = await RegisterAndLoginAsync();
        var url = await UploadAsync(ann);
        var folder = Path.GetDirectoryName(FileOf(url))!;
        var planted = Path.Combine(folder, $"planted-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(planted, "<script>alert(1)</script>");
        try
        {
            using var response = await Factory.CreateClient().GetAsync($"/uploads/{Path.GetFileName(planted)}");

            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        finally
        {
            File.Delete(planted);
        }
    }
}
