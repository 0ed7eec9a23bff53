namespace Homelette.Application.Common.Storage;

/// <summary>Where uploaded files live (a local folder by default).</summary>
public interface IFileStore
{
    /// <summary>Stores the content under a new random key with the given extension; returns the key.</summary>
    Task<string> SaveAsync(byte[] content, string extension, CancellationToken cancellationToken);

    /// <summary>Deletes a stored file; a missing file is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>The public URL path of a stored file, e.g. "/uploads/3f2a….jpg".</summary>
    string UrlFor(string key);

    /// <summary>The key of a URL made by <see cref="UrlFor"/>, or null when the URL is not one of ours.</summary>
    string? KeyFromUrl(string url);
}
