using NSwag.Generation;

namespace Homelette.WebApi.Infrastructure;

/// <summary>
/// <c>Homelette.WebApi --write-openapi &lt;file&gt;</c> writes the OpenAPI document the app would serve, and stops
/// (no database or Redis needed). The Debug build runs it, then NSwag generates the client.
/// </summary>
internal static class OpenApiExport
{
    private const string Flag = "--write-openapi";

    public static string? RequestedPath(string[] args)
    {
        var index = Array.IndexOf(args, Flag);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static async Task WriteAsync(WebApplication app, string path)
    {
        // Mapped endpoints reach routing only when the app starts: start it on a free loopback port, serving nothing.
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        try
        {
            var generator = app.Services.GetRequiredService<IOpenApiDocumentGenerator>();
            var document = await generator.GenerateAsync(OpenApiSetup.DocumentName);
            await File.WriteAllTextAsync(path, document.ToJson().ReplaceLineEndings("\n") + "\n");
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
