using System.Text.Json;
using System.Text.Json.Serialization;

namespace Homelette.Client;

/// <summary>
/// The generated enum properties carry their wire names (JsonStringEnumMemberName, from nswag.json's
/// jsonLibraryVersion 9.0); enum lists (amenities) do not, and would go out as numbers. Each client's serializer
/// gets the wire's snake_case enum converter for those here (add new clients to the list).
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
