using System.Text.Json;
using System.Text.Json.Serialization;

namespace Homelette.Infrastructure.Web;

/// <summary>The wire format of both hosts: snake_case names, enums as snake_case strings, unknown fields refused.</summary>
public static class JsonDefaults
{
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.PropertyNameCaseInsensitive = false;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        return options;
    }

    /// <summary>The property that holds a command's request body; its fields are named as at the top of the body.</summary>
    public const string BodyProperty = "Body";

    /// <summary>"Body.Address.ZipCode" → "address.zip_code", the way clients name the field.</summary>
    public static string FieldName(string propertyPath)
    {
        ArgumentNullException.ThrowIfNull(propertyPath);
        var parts = propertyPath.Split('.').SkipWhile(part => part == BodyProperty).ToList();
        return parts.Count == 0 ? "$" : string.Join('.', parts.Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
    }
}
