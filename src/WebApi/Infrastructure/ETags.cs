using System.Globalization;

namespace Homelette.WebApi.Infrastructure;

internal static class ETags
{
    /// <summary>The version in an If-Match header: "3", "\"3\"" or "W/\"3\""; null when absent or not a version.</summary>
    public static int? ParseVersion(string? ifMatch)
    {
        var text = ifMatch?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        return int.TryParse(text.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }
}
