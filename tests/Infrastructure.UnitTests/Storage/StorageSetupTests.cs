using System.Net;
using Homelette.Application.Common.Storage;
using Homelette.Infrastructure.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.Infrastructure.UnitTests.Storage;

public sealed class StorageSetupTests : IAsyncLifetime
{
    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("homelette-host-");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    private string UploadsFolder => Path.Combine(_contentRoot.FullName, "uploads");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = _contentRoot.FullName,
            EnvironmentName = "Testing",
        });
        builder.WebHost.UseTestServer();
        builder.Services.AddHomeletteStorage();
        _app = builder.Build();
        _app.UseHomeletteUploads();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _contentRoot.Delete(recursive: true);
    }

    [Fact]
    public void ShouldCreateFolderUnderContentRoot_WhenLocalPathIsRelative()
    {
        Directory.Exists(UploadsFolder).ShouldBeTrue();
        var store = (LocalFileStore)_app.Services.GetRequiredService<IFileStore>();
        store.Root.ShouldBe(UploadsFolder);
    }

    [Fact]
    public async Task ShouldServeStoredPhotoWithSafeHeaders_WhenRequestedAnonymously()
    {
        var store = _app.Services.GetRequiredService<IFileStore>();
        var key = await store.SaveAsync(TestImages.Jpeg(8, 8), ".jpg", CancellationToken.None);

        using var response = await _client.GetAsync(new Uri(store.UrlFor(key), UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("image/jpeg");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.CacheControl?.ToString().ShouldBe("public, max-age=31536000, immutable");
    }

    [Theory]
    [InlineData("page.html")]
    [InlineData("drawing.svg")]
    [InlineData("tool.exe")]
    [InlineData("notes.txt")]
    [InlineData(".0123456789abcdef0123456789abcdef.tmp")]
    public async Task ShouldNotServe_WhenFileIsNotAPhoto(string fileName)
    {
        await File.WriteAllTextAsync(Path.Combine(UploadsFolder, fileName), "<script>alert(1)</script>");

        using var response = await _client.GetAsync(new Uri("/uploads/" + fileName, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ShouldUseConfiguredFolder_WhenLocalPathIsAbsolute()
    {
        var elsewhere = Path.Combine(_contentRoot.FullName, "elsewhere");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _contentRoot.FullName });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:LocalPath"] = elsewhere });
        builder.Services.AddHomeletteStorage();
        await using var app = builder.Build();

        var store = (LocalFileStore)app.Services.GetRequiredService<IFileStore>();

        store.Root.ShouldBe(elsewhere);
    }
}
