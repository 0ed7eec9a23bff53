using Homelette.Application.Common.Storage;
using Microsoft.Extensions.Options;

namespace Homelette.Infrastructure.Storage;

/// <summary>
/// Uploads in one local folder, each under a random name (32 hex digits and the extension of its format),
/// never a name a client chose. A file appears whole or not at all: it is written under a hidden temporary
/// name in the same folder and then renamed.
/// </summary>
internal sealed class LocalFileStore : IFileStore
{
    private const int KeyIdLength = 32;

    private static readonly string[] Extensions = [".jpg", ".png", ".webp"];

    private readonly string _root;
    private readonly string _urlPrefix;

    public LocalFileStore(IOptions<StorageOptions> options)
    {
        var value = options.Value;
        _root = Path.GetFullPath(value.LocalPath);
        _urlPrefix = value.PublicPath.TrimEnd('/') + "/";
    }

    /// <summary>The absolute folder the files are kept in.</summary>
    public string Root => _root;

    public async Task<string> SaveAsync(byte[] content, string extension, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!Extensions.Contains(extension, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Only {string.Join(", ", Extensions)} files are stored.", nameof(extension));
        }

        Directory.CreateDirectory(_root);
        var key = Guid.NewGuid().ToString("N") + extension;
        var temporaryPath = Path.Combine(_root, "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var streamOptions = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
            };
            await using (var stream = new FileStream(temporaryPath, streamOptions))
            {
                await stream.WriteAsync(content, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, Path.Combine(_root, key), overwrite: false);
        }
        catch
        {
            TryDelete(temporaryPath);
            throw;
        }

        return key;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsKey(key))
        {
            return Task.CompletedTask;
        }

        try
        {
            File.Delete(Path.Combine(_root, key));
        }
        catch (DirectoryNotFoundException)
        {
            // No folder, no file: nothing to delete.
        }

        return Task.CompletedTask;
    }

    public string UrlFor(string key) =>
        IsKey(key) ? _urlPrefix + key : throw new ArgumentException("Not a key of this store.", nameof(key));

    public string? KeyFromUrl(string url)
    {
        if (url is null || !url.StartsWith(_urlPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = url[_urlPrefix.Length..];
        return IsKey(key) ? key : null;
    }

    /// <summary>True for a name this store makes: 32 lowercase hex digits and a known extension, nothing else.</summary>
    internal static bool IsKey(string? key)
    {
        if (key is null || key.Length <= KeyIdLength)
        {
            return false;
        }

        for (var i = 0; i < KeyIdLength; i++)
        {
            if (!char.IsAsciiHexDigitLower(key[i]))
            {
                return false;
            }
        }

        return Extensions.Contains(key[KeyIdLength..], StringComparer.Ordinal);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden temporary file is never served.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
