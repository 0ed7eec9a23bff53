using System.Text.Json;

namespace Homelette.Bench.ChatLoad;

/// <summary>The hosts' wire format (ARCHITECTURE §3): snake_case JSON, here and in the SignalR JSON protocol.</summary>
internal static class Wire
{
    public static JsonSerializerOptions Json() => Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.PropertyNameCaseInsensitive = false;
        return options;
    }
}

/// <summary>What the client sends with <c>private_message</c>; the server refuses any other field.</summary>
internal sealed record OutgoingMessage(Guid RecipientId, string Content, string ClientMessageId);

/// <summary>What the client sends with <c>conversation_message</c>; the server refuses any other field.</summary>
internal sealed record OutgoingConversationMessage(Guid ConversationId, string Content, string ClientMessageId);

/// <summary>The part of a received message (MessageDto, in private_message, conversation_message and message_delivered) the bench reads; the other fields are ignored.</summary>
internal sealed record IncomingMessage(Guid SenderId, string? ClientMessageId);

/// <summary>The <c>error</c> event.</summary>
internal sealed record HubError(string? Message, string? Code);
