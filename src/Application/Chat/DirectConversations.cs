using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Domain.Chat;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat;

/// <summary>The one direct conversation of a pair of users (about a listing, or about none).</summary>
internal static class DirectConversations
{
    /// <summary>
    /// The pair's conversation, started when there is none yet. Created tells which. 403 when either blocked the
    /// other: a blocked pair can neither start nor reopen their direct conversation.
    /// </summary>
    public static async Task<(Guid Id, bool Created)> FindOrStartAsync(
        this IAppDbContext db, Guid callerId, Guid otherId, Guid? listingId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.BlockedBetweenAsync(callerId, otherId, cancellationToken))
        {
            throw new ForbiddenException("You cannot message this user.");
        }

        if (await db.FindDirectAsync(callerId, otherId, listingId, cancellationToken) is { } existing)
        {
            return (existing, false);
        }

        if (!await db.Users.AnyAsync(u => u.Id == otherId, cancellationToken))
        {
            throw new NotFoundException("User", otherId);
        }

        var direct = Conversation.StartDirect(callerId, otherId, listingId, now);
        db.Conversations.Add(direct);
        var change = ChatChange.Created(direct);
        db.ChatChanges.Add(change);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (direct.Id, true);
        }
        catch (ConflictException)
        {
            // The other user (or a parallel request) started it first: a pair has one conversation.
            foreach (var participant in direct.Participants.ToList())
            {
                db.ConversationParticipants.Entry(participant).State = EntityState.Detached;
            }

            db.Conversations.Entry(direct).State = EntityState.Detached;
            db.ChatChanges.Entry(change).State = EntityState.Detached;
            return (await db.FindDirectAsync(callerId, otherId, listingId, cancellationToken)
                ?? throw new ConflictException("The conversation could not be started; try again."), false);
        }
    }

    /// <summary>The id of the pair's direct conversation (about that listing, or about none), if they have one.</summary>
    public static Task<Guid?> FindDirectAsync(
        this IAppDbContext db, Guid first, Guid second, Guid? listingId, CancellationToken cancellationToken)
    {
        var key = Conversation.KeyOfPair(first, second, listingId);
        return db.Conversations.AsNoTracking().Where(c => c.DirectKey == key).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
