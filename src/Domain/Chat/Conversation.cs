using Homelette.Domain.Common;

namespace Homelette.Domain.Chat;

/// <summary>
/// A conversation between users, optionally about a listing. A direct conversation is the one conversation of an
/// unordered pair of users (per listing, or about none); <see cref="DirectKey"/> makes that unique in the database.
/// A group has a title and 2–50 participants.
/// </summary>
public sealed class Conversation : Entity
{
    private readonly List<ConversationParticipant> _participants = [];

    private Conversation(Guid id, ConversationKind kind, string? title, Guid? listingId, string? directKey, Guid createdBy, DateTimeOffset createdAt)
        : base(id)
    {
        Kind = kind;
        Title = title;
        ListingId = listingId;
        DirectKey = directKey;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
        LastActivityAt = createdAt;
    }

    public ConversationKind Kind { get; private set; }

    public string? Title { get; private set; }

    public Guid? ListingId { get; private set; }

    /// <summary>For a direct conversation: both user ids in order and the listing, so that the pair is unique.</summary>
    public string? DirectKey { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// When the last message was sent (or the conversation created): the order of a user's conversations. Moved
    /// forward by the store with a conditional update after each message, so that concurrent senders never move
    /// it back.
    /// </summary>
    public DateTimeOffset LastActivityAt { get; private set; }

    public IReadOnlyCollection<ConversationParticipant> Participants => _participants.AsReadOnly();

    public static string KeyOfPair(Guid first, Guid second, Guid? listingId)
    {
        var (low, high) = string.CompareOrdinal(first.ToString(), second.ToString()) <= 0 ? (first, second) : (second, first);
        return $"{low}:{high}:{(listingId is { } id ? id.ToString() : "-")}";
    }

    /// <summary>The direct conversation of two different users, optionally about a listing.</summary>
    public static Conversation StartDirect(Guid creator, Guid other, Guid? listingId, DateTimeOffset now)
    {
        if (creator == other)
        {
            throw new DomainRuleException("participants", "A direct conversation needs another user than yourself.");
        }

        now = Clock.ToStoredPrecision(now);
        var conversation = new Conversation(Guid.CreateVersion7(now), ConversationKind.Direct, null, listingId, KeyOfPair(creator, other, listingId), creator, now);
        conversation._participants.Add(new ConversationParticipant(conversation.Id, creator, now));
        conversation._participants.Add(new ConversationParticipant(conversation.Id, other, now));
        return conversation;
    }

    /// <summary>A titled group of the creator and the others (2–50 people in all).</summary>
    public static Conversation StartGroup(Guid creator, IEnumerable<Guid> others, string title, Guid? listingId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(others);
        title = title?.Trim() ?? string.Empty;
        if (title.Length is 0 or > ChatConstraints.TitleMaxLength)
        {
            throw new DomainRuleException("title", $"A group title has 1 to {ChatConstraints.TitleMaxLength} characters.");
        }

        var members = others.Prepend(creator).Distinct().ToList();
        if (members.Count is < ChatConstraints.GroupMinParticipants or > ChatConstraints.GroupMaxParticipants)
        {
            throw new DomainRuleException(
                "participants",
                $"A group has {ChatConstraints.GroupMinParticipants} to {ChatConstraints.GroupMaxParticipants} participants, you included.");
        }

        now = Clock.ToStoredPrecision(now);
        var conversation = new Conversation(Guid.CreateVersion7(now), ConversationKind.Group, title, listingId, null, creator, now);
        conversation._participants.AddRange(members.Select(m => new ConversationParticipant(conversation.Id, m, now)));
        return conversation;
    }

    public bool HasParticipant(Guid userId) => _participants.Any(p => p.UserId == userId);
}

/// <summary>A user in a conversation, with their read pointer (the newest message they have read).</summary>
public sealed class ConversationParticipant
{
    internal ConversationParticipant(Guid conversationId, Guid userId, DateTimeOffset joinedAt)
    {
        ConversationId = conversationId;
        UserId = userId;
        JoinedAt = joinedAt;
    }

    public Guid ConversationId { get; private set; }

    public Guid UserId { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }

    public Guid? LastReadMessageId { get; private set; }

    public DateTimeOffset? LastReadMessageAt { get; private set; }

    /// <summary>Moves the read pointer up to the message; never back. True when it moved.</summary>
    public bool ReadUpTo(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ConversationId != ConversationId)
        {
            throw new DomainRuleException("message_id", "The message belongs to another conversation.");
        }

        if (LastReadMessageAt is { } at && (message.CreatedAt < at || (message.CreatedAt == at && message.Id.CompareTo(LastReadMessageId!.Value) <= 0)))
        {
            return false;
        }

        LastReadMessageId = message.Id;
        LastReadMessageAt = message.CreatedAt;
        return true;
    }
}
