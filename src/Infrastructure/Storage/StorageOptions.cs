namespace Homelette.Infrastructure.Storage;

/// <summary>Where uploaded files are kept and served (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The folder of the files; a relative path is resolved against the host's content root.</summary>
    public string LocalPath { get; set; } = "uploads";

    /// <summary>The URL path the files are served under, e.g. "/uploads".</summary>
    public string PublicPath { get; set; } = "/uploads";
}
