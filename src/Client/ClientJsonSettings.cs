using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Homelette.Client;

/// <summary>
/// The generated clients write enums as their C# names and enum lists as numbers; the API speaks snake_case
/// strings. Each client's serializer gets the wire's enum converter here (add new clients to the list).
/// </summary>
internal static class ClientJsonSettings
{
    public static void Apply(JsonSerializerOptions settings)
    {
        settings.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));

        // The generated enum properties carry [JsonConverter(typeof(JsonStringEnumConverter<T>))], which wins over
        // the options and reads only C# names: "read_moved" would not parse. Drop it so the converter above applies.
        settings.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { UseWireEnums } };
    }

    private static void UseWireEnums(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if ((Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).IsEnum)
            {
                property.CustomConverter = null;
            }
        }
    }
}

public partial class AuthClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}

public partial class UsersClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}

public partial class ListingsClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}

public partial class ChatClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}

public partial class ReportsClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) => ClientJsonSettings.Apply(settings);
}
