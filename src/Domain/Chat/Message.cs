using Homelette.Domain.Common;

namespace Homelette.Domain.Chat;

/// <summary>A message in a conversation: text, an uploaded image, or a location pin.</summary>
public sealed class Message : Entity
{
    private Message(Guid id, Guid conversationId, Guid senderId, MessageKind kind, DateTimeOffset createdAt, string? clientMessageId)
        : base(id)
    {
        ConversationId = conversationId;
        SenderId = senderId;
        Kind = kind;
        CreatedAt = createdAt;
        ClientMessageId = clientMessageId;
    }

    public Guid ConversationId { get; private set; }

    public Guid SenderId { get; private set; }

    public MessageKind Kind { get; private set; }

    public string? Content { get; private set; }

    public string? ImageUrl { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    public string? LocationLabel { get; private set; }

    /// <summary>The sender's own id for this message, so that a retried send stores it once.</summary>
    public string? ClientMessageId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? EditedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    public static Message Text(Conversation conversation, Guid senderId, string content, string? clientMessageId, DateTimeOffset now)
    {
        var message = Create(conversation, senderId, MessageKind.Text, clientMessageId, now);
        message.Content = CheckedText(content, "content");
        return message;
    }

    public static Message Image(Conversation conversation, Guid senderId, string imageUrl, string? caption, string? clientMessageId, DateTimeOffset now)
    {
        var message = Create(conversation, senderId, MessageKind.Image, clientMessageId, now);
        message.ImageUrl = string.IsNullOrWhiteSpace(imageUrl)
            ? throw new DomainRuleException("image_url", "An image message needs the URL of an uploaded image.")
            : imageUrl.Trim();
        message.Content = string.IsNullOrWhiteSpace(caption) ? null : CheckedText(caption, "content");
        return message;
    }

    public static Message Location(
        Conversation conversation, Guid senderId, double latitude, double longitude, string? label, string? clientMessageId, DateTimeOffset now)
    {
        if (double.IsNaN(latitude) || latitude is < -90 or > 90)
        {
            throw new DomainRuleException("latitude", "Latitude is between -90 and 90.");
        }

        if (double.IsNaN(longitude) || longitude is < -180 or > 180)
        {
            throw new DomainRuleException("longitude", "Longitude is between -180 and 180.");
        }

        var message = Create(conversation, senderId, MessageKind.Location, clientMessageId, now);
        message.Latitude = latitude;
        message.Longitude = longitude;
        message.LocationLabel = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        return message;
    }

    /// <summary>Changes the text (or an image's caption); only its sender, only within <see cref="ChatConstraints.EditWindow"/>.</summary>
    public void Edit(Guid editorId, string content, DateTimeOffset now)
    {
        CheckSender(editorId, "edit");
        if (IsDeleted)
        {
            throw new DomainConflictException("A deleted message cannot be edited.");
        }

        if (Kind == MessageKind.Location)
        {
            throw new DomainRuleException("kind", "A location message cannot be edited.");
        }

        if (now - CreatedAt > ChatConstraints.EditWindow)
        {
            throw new DomainConflictException($"A message can be edited for {ChatConstraints.EditWindow.TotalMinutes:0} minutes after it is sent.");
        }

        Content = CheckedText(content, "content");
        EditedAt = Clock.ToStoredPrecision(now);
    }

    /// <summary>Leaves a "deleted" placeholder: the content is gone, the message keeps its place. Only its sender.</summary>
    public bool Delete(Guid deleterId, DateTimeOffset now)
    {
        CheckSender(deleterId, "delete");
        if (IsDeleted)
        {
            return false;
        }

        Content = null;
        ImageUrl = null;
        Latitude = null;
        Longitude = null;
        LocationLabel = null;
        DeletedAt = Clock.ToStoredPrecision(now);
        return true;
    }

    private void CheckSender(Guid userId, string verb)
    {
        if (userId != SenderId)
        {
            throw new DomainForbiddenException($"Only the sender may {verb} a message.");
        }
    }

    private static Message Create(Conversation conversation, Guid senderId, MessageKind kind, string? clientMessageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (!conversation.HasParticipant(senderId))
        {
            throw new DomainForbiddenException("Only participants may send to a conversation.");
        }

        clientMessageId = string.IsNullOrWhiteSpace(clientMessageId) ? null : clientMessageId.Trim();
        if (clientMessageId is { Length: > ChatConstraints.ClientMessageIdMaxLength })
        {
            throw new DomainRuleException("client_message_id", $"client_message_id has at most {ChatConstraints.ClientMessageIdMaxLength} characters.");
        }

        now = Clock.ToStoredPrecision(now);
        return new Message(Guid.CreateVersion7(now), conversation.Id, senderId, kind, now, clientMessageId);
    }

    private static string CheckedText(string? text, string field)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        return trimmed.Length is 0 or > ChatConstraints.TextMaxLength
            ? throw new DomainRuleException(field, $"A message has 1 to {ChatConstraints.TextMaxLength} characters.")
            : trimmed;
    }
}
