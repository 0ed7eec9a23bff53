using Homelette.Application.Listings;
using Homelette.Application.Users;
using Homelette.Domain.Chat;

namespace Homelette.Application.Chat;

/// <summary>A message as clients see it. A deleted message keeps its place with <see cref="DeletedAt"/> and no content.</summary>
public sealed record MessageDto
{
    public required Guid Id { get; init; }

    public required Guid ConversationId { get; init; }

    public required Guid SenderId { get; init; }

    public required MessageKind Kind { get; init; }

    public string? Content { get; init; }

    public string? ImageUrl { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public string? LocationLabel { get; init; }

    public string? ClientMessageId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? EditedAt { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }
}

/// <summary>A conversation as one participant sees it: who is in it, what it is about, where it stands.</summary>
public sealed record ConversationDto
{
    public required Guid Id { get; init; }

    public required ConversationKind Kind { get; init; }

    public string? Title { get; init; }

    public required IReadOnlyList<UserDto> Participants { get; init; }

    public ListingSummaryDto? Listing { get; init; }

    public MessageDto? LastMessage { get; init; }

    /// <summary>Messages from others after the caller's read pointer.</summary>
    public required int UnreadCount { get; init; }

    /// <summary>The caller's read pointer.</summary>
    public Guid? LastReadMessageId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastActivityAt { get; init; }
}

/// <summary>A participant's read pointer moved: everything up to <see cref="UpToMessageId"/> is read.</summary>
public sealed record MessagesReadDto(Guid ConversationId, Guid UserId, Guid UpToMessageId, DateTimeOffset ReadAt);

/// <summary>Someone saved a listing: sent to its owner.</summary>
public sealed record ListingInterestDto(Guid ListingId, UserDto User, DateTimeOffset At);

/// <summary>A stored message and whether this request stored it (false: the client_message_id was used before).</summary>
public sealed record SentMessage(MessageDto Message, bool Created);
