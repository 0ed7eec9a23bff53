using System.Linq.Expressions;
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

    /// <summary>
    /// The conversation (and its participants) that a message from the sender goes to, in one query: null when there
    /// is none; 403 when the sender does not take part, or when it is direct and either of the two blocked the other
    /// (a blocked pair's conversation takes no messages, from either side).
    /// </summary>
    public static async Task<Conversation?> LoadForSenderAsync(
        this IAppDbContext db, Expression<Func<Conversation, bool>> which, Guid senderId, CancellationToken cancellationToken)
    {
        var found = await db.Conversations.AsNoTracking().Include(c => c.Participants).Where(which)
            .Select(c => new
            {
                Conversation = c,
                // Per participant, two lookups of the (blocker, blocked) key: an OR over the blocks table would scan it.
                Blocked = c.Kind == ConversationKind.Direct && c.Participants.Any(p =>
                    db.UserBlocks.Any(b => b.BlockerId == senderId && b.BlockedId == p.UserId)
                    || db.UserBlocks.Any(b => b.BlockerId == p.UserId && b.BlockedId == senderId)),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        return !found.Conversation.HasParticipant(senderId)
            ? throw new ForbiddenException("You are not a participant of this conversation.")
            : found.Blocked
                ? throw new ForbiddenException("You cannot message this user.")
                : found.Conversation;
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
