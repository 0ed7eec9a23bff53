namespace Homelette.Application.Common.Text;

/// <summary>SQL LIKE patterns that take the user's text literally: % and _ match only themselves.</summary>
public static class LikePatterns
{
    /// <summary>The escape character the patterns use; pass it to <c>EF.Functions.Like</c>.</summary>
    public const string Escape = "\\";

    /// <summary>A pattern matching any text that contains <paramref name="text"/>.</summary>
    public static string Containing(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return $"%{EscapeText(text)}%";
    }

    private static string EscapeText(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
