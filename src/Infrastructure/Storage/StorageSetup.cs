using Homelette.Application.Common.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Homelette.Infrastructure.Storage;

public static class StorageSetup
{
    private const string CacheControl = "public, max-age=31536000, immutable";

    /// <summary>Photo processing and the local upload folder (sections "Images" and "Storage").</summary>
    public static IServiceCollection AddHomeletteStorage(this IServiceCollection services)
    {
        services.AddOptions<ImageOptions>()
            .BindConfiguration(ImageOptions.SectionName)
            .Validate(o => o.MaxBytes > 0, "Images:MaxBytes must be positive.")
            .Validate(o => o.MaxPixels > 0, "Images:MaxPixels must be positive.")
            .Validate(o => o.MaxSide > 0, "Images:MaxSide must be positive.")
            .Validate(o => o.MaxOutputSide > 0, "Images:MaxOutputSide must be positive.")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.LocalPath), "Storage:LocalPath is required.")
            .Validate(
                o => o.PublicPath.StartsWith('/') && o.PublicPath.Length > 1 && !o.PublicPath.Contains("..", StringComparison.Ordinal),
                "Storage:PublicPath must be a path such as /uploads.")
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<StorageOptions>, StorageOptionsDefaults>();
        services.AddSingleton<IImageProcessor, SkiaImageProcessor>();
        services.AddSingleton<IFileStore, LocalFileStore>();
        return services;
    }

    /// <summary>
    /// Serves the upload folder at <see cref="StorageOptions.PublicPath"/>, anonymously: only .jpg, .jpeg, .png
    /// and .webp files, never sniffed by browsers, cached for a year (a key never changes content).
    /// </summary>
    public static IApplicationBuilder UseHomeletteUploads(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<StorageOptions>>().Value;
        var root = Path.GetFullPath(options.LocalPath);
        Directory.CreateDirectory(root);

        var contentTypes = new FileExtensionContentTypeProvider();
        contentTypes.Mappings.Clear();
        contentTypes.Mappings[".jpg"] = "image/jpeg";
        contentTypes.Mappings[".jpeg"] = "image/jpeg";
        contentTypes.Mappings[".png"] = "image/png";
        contentTypes.Mappings[".webp"] = "image/webp";

        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            RequestPath = options.PublicPath.TrimEnd('/'),
            ContentTypeProvider = contentTypes,
            ServeUnknownFileTypes = false,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = CacheControl;
            },
        });
    }
}

/// <summary>Resolves a relative <see cref="StorageOptions.LocalPath"/> against the host's content root.</summary>
internal sealed class StorageOptionsDefaults(IHostEnvironment environment) : IPostConfigureOptions<StorageOptions>
{
    public void PostConfigure(string? name, StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.LocalPath))
        {
            options.LocalPath = Path.GetFullPath(options.LocalPath, environment.ContentRootPath);
        }
    }
}
