using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Chat;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat;

/// <summary>Who may see and write what in the chat: the one place the participation and block rules are read.</summary>
internal static class ChatAccess
{
    /// <summary>The conversation with its participants, if the user takes part; 404 when it does not exist, 403 otherwise.</summary>
    public static async Task<Conversation> LoadForParticipantAsync(
        this IAppDbContext db, Guid conversationId, Guid userId, CancellationToken cancellationToken, bool tracking = false)
    {
        IQueryable<Conversation> query = db.Conversations.Include(c => c.Participants);
        var conversation = await (tracking ? query : query.AsNoTracking())
            .FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken)
            ?? throw new NotFoundException("Conversation", conversationId);
        return conversation.HasParticipant(userId)
            ? conversation
            : throw new ForbiddenException("You are not a participant of this conversation.");
    }

    /// <summary>Whether either user has blocked the other.</summary>
    public static Task<bool> BlockedBetweenAsync(this IAppDbContext db, Guid first, Guid second, CancellationToken cancellationToken) =>
        db.UserBlocks.AnyAsync(
            b => (b.BlockerId == first && b.BlockedId == second) || (b.BlockerId == second && b.BlockedId == first),
            cancellationToken);

    /// <summary>A direct conversation between users who blocked each other takes no messages, from either side.</summary>
    public static async Task EnsureNotBlockedAsync(this IAppDbContext db, Conversation conversation, Guid senderId, CancellationToken cancellationToken)
    {
        if (conversation.Kind != ConversationKind.Direct)
        {
            return;
        }

        var other = conversation.Participants.First(p => p.UserId != senderId).UserId;
        if (await db.BlockedBetweenAsync(senderId, other, cancellationToken))
        {
            throw new ForbiddenException("You cannot message this user.");
        }
    }

    /// <summary>The ids of the conversation's participants.</summary>
    public static IReadOnlyCollection<Guid> ParticipantIds(this Conversation conversation) =>
        [.. conversation.Participants.Select(p => p.UserId)];
}

/// <summary>A user's contacts: the people who share a conversation with them, without those blocked either way.</summary>
internal static class Contacts
{
    public static async Task<List<Guid>> ContactsOfAsync(this IAppDbContext db, Guid userId, CancellationToken cancellationToken) =>
        await (
                from mine in db.ConversationParticipants
                where mine.UserId == userId
                from other in db.ConversationParticipants
                where other.ConversationId == mine.ConversationId && other.UserId != userId
                where !db.UserBlocks.Any(b => (b.BlockerId == userId && b.BlockedId == other.UserId) || (b.BlockerId == other.UserId && b.BlockedId == userId))
                select other.UserId)
            .Distinct()
            .ToListAsync(cancellationToken);
}
