using System.Text.Json;
using System.Text.Json.Serialization;

namespace Homelette.Client;

/// <summary>
/// The generated clients write enums as their C# names and enum lists as numbers; the API speaks snake_case
/// strings. Each client's serializer gets the wire's enum converter here (add new clients to the list).
/// </summary>
internal static class ClientJsonSettings
{
    public static void Apply(JsonSerializerOptions settings) =>
        settings.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
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
