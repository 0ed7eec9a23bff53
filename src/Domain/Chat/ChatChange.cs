namespace Homelette.Domain.Chat;

/// <summary>
/// One entry of the chat's change log, written in the same transaction as the change: a client that was away
/// reads the entries of its conversations after its sync cursor and is complete. <see cref="Sequence"/> is given
/// by the database (auto-increment).
/// </summary>
public sealed class ChatChange
{
    private ChatChange(Guid conversationId, ChatChangeKind kind, Guid actorId, Guid? messageId, DateTimeOffset createdAt)
    {
        ConversationId = conversationId;
        Kind = kind;
        ActorId = actorId;
        MessageId = messageId;
        CreatedAt = createdAt;
    }

    public long Sequence { get; private set; }

    public Guid ConversationId { get; private set; }

    public ChatChangeKind Kind { get; private set; }

    /// <summary>Who made the change: the sender, editor, deleter, reader or creator.</summary>
    public Guid ActorId { get; private set; }

    /// <summary>The message created, edited, deleted, or read up to.</summary>
    public Guid? MessageId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static ChatChange Of(Message message, ChatChangeKind kind, Guid actorId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new ChatChange(message.ConversationId, kind, actorId, message.Id, Common.Clock.ToStoredPrecision(now));
    }

    public static ChatChange Created(Conversation conversation) =>
        new(conversation?.Id ?? throw new ArgumentNullException(nameof(conversation)), ChatChangeKind.ConversationCreated,
            conversation.CreatedBy, null, conversation.CreatedAt);
}
