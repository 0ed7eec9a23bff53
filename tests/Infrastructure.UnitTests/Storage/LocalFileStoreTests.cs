using System.Text.RegularExpressions;
using Homelette.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Homelette.Infrastructure.UnitTests.Storage;

public sealed class LocalFileStoreTests : IDisposable
{
    private const string ValidKey = "0123456789abcdef0123456789abcdef.jpg";

    private readonly DirectoryInfo _sandbox = Directory.CreateTempSubdirectory("homelette-store-");
    private readonly string _root;
    private readonly LocalFileStore _store;

    public LocalFileStoreTests()
    {
        _root = Path.Combine(_sandbox.FullName, "uploads");
        _store = new LocalFileStore(Options.Create(new StorageOptions { LocalPath = _root, PublicPath = "/uploads" }));
    }

    public void Dispose() => _sandbox.Delete(recursive: true);

    [Theory]
    [InlineData(".jpg")]
    [InlineData(".png")]
    [InlineData(".webp")]
    public async Task ShouldWriteUnderRandomHexName_WhenSaving(string extension)
    {
        byte[] content = [1, 2, 3, 4];

        var key = await _store.SaveAsync(content, extension, CancellationToken.None);

        key.ShouldMatch("^[0-9a-f]{32}" + Regex.Escape(extension) + "$");
        (await File.ReadAllBytesAsync(Path.Combine(_root, key))).ShouldBe(content);
        Directory.GetFiles(_root).Select(Path.GetFileName).ShouldBe([key]);
    }

    [Fact]
    public async Task ShouldGiveEveryFileItsOwnKey_WhenSavingTwice()
    {
        var first = await _store.SaveAsync([1], ".jpg", CancellationToken.None);
        var second = await _store.SaveAsync([1], ".jpg", CancellationToken.None);

        second.ShouldNotBe(first);
    }

    [Theory]
    [InlineData(".exe")]
    [InlineData(".html")]
    [InlineData(".svg")]
    [InlineData("/../x.jpg")]
    [InlineData("")]
    public async Task ShouldRefuse_WhenExtensionIsNotAnImageOfOurs(string extension)
    {
        await Should.ThrowAsync<ArgumentException>(() => _store.SaveAsync([1], extension, CancellationToken.None));

        Directory.Exists(_root).ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldRemoveFile_WhenDeletingItsKey()
    {
        var key = await _store.SaveAsync([1], ".png", CancellationToken.None);

        await _store.DeleteAsync(key, CancellationToken.None);

        File.Exists(Path.Combine(_root, key)).ShouldBeFalse();
    }

    [Fact]
    public Task ShouldDoNothing_WhenDeletingMissingFile() =>
        Should.NotThrowAsync(() => _store.DeleteAsync(ValidKey, CancellationToken.None));

    [Theory]
    [InlineData("../outside.jpg")]
    [InlineData("..\\outside.jpg")]
    [InlineData("..")]
    [InlineData("")]
    public async Task ShouldTouchNothingOutsideTheFolder_WhenKeyIsAPath(string key)
    {
        Directory.CreateDirectory(_root);
        var outside = Path.Combine(_sandbox.FullName, "outside.jpg");
        await File.WriteAllBytesAsync(outside, [1]);

        await _store.DeleteAsync(key, CancellationToken.None);
        await _store.DeleteAsync(outside, CancellationToken.None);

        File.Exists(outside).ShouldBeTrue();
        Directory.Exists(_root).ShouldBeTrue();
    }

    [Fact]
    public async Task ShouldGiveKeyBack_WhenUrlWasMadeByUrlFor()
    {
        var key = await _store.SaveAsync([1], ".webp", CancellationToken.None);

        var url = _store.UrlFor(key);

        url.ShouldBe("/uploads/" + key);
        _store.KeyFromUrl(url).ShouldBe(key);
    }

    [Theory]
    [InlineData("/uploads/../x.jpg")]
    [InlineData("/uploads/x.exe")]
    [InlineData("/uploads/x.jpg")]
    [InlineData("http://evil/uploads/" + ValidKey)]
    [InlineData("https://evil.example/uploads/" + ValidKey)]
    [InlineData("//evil/uploads/" + ValidKey)]
    [InlineData("/uploads/" + ValidKey + "?download=1")]
    [InlineData("/uploads/" + ValidKey + ".exe")]
    [InlineData("/uploads/sub/" + ValidKey)]
    [InlineData("/uploads//" + ValidKey)]
    [InlineData("/uploads/0123456789ABCDEF0123456789ABCDEF.jpg")]
    [InlineData("/uploads/0123456789abcdef0123456789abcdef.jpeg")]
    [InlineData("/uploads/0123456789abcdef0123456789abcdeg.jpg")]
    [InlineData("/UPLOADS/" + ValidKey)]
    [InlineData("/other/" + ValidKey)]
    [InlineData("/uploads/")]
    [InlineData("/uploads")]
    [InlineData("")]
    public void ShouldReturnNull_WhenUrlIsNotOneOfOurs(string url) => _store.KeyFromUrl(url).ShouldBeNull();

    [Fact]
    public void ShouldReadKey_WhenPublicPathHasTrailingSlash()
    {
        var store = new LocalFileStore(Options.Create(new StorageOptions { LocalPath = _root, PublicPath = "/media/" }));

        store.UrlFor(ValidKey).ShouldBe("/media/" + ValidKey);
        store.KeyFromUrl("/media/" + ValidKey).ShouldBe(ValidKey);
    }
}
