using System.Text.Json;

namespace Homelette.Application.Common;

/// <summary>Enum values as clients write them in query strings: the snake_case names of the JSON wire format.</summary>
public static class WireNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>A comma-separated list of names; false when any is unknown.</summary>
    public static bool TryParseList<T>(string? text, out IReadOnlyList<T> values)
        where T : struct, Enum
    {
        var parsed = new List<T>();
        values = parsed;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParse<T>(part, out var value))
            {
                return false;
            }

            parsed.Add(value);
        }

        return true;
    }

    public static string Names<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Of(v)));
}
