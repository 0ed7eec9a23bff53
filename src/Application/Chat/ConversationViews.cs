using Homelette.Application.Common.Interfaces;
using Homelette.Application.Listings;
using Homelette.Application.Users;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat;

/// <summary>Builds <see cref="ConversationDto"/>s for one viewer, a page at a time, in a fixed number of queries.</summary>
internal static class ConversationViews
{
    public static async Task<IReadOnlyList<ConversationDto>> ForViewerAsync(
        this IAppDbContext db, IReadOnlyList<Guid> conversationIds, Guid viewerId, CancellationToken cancellationToken)
    {
        if (conversationIds.Count == 0)
        {
            return [];
        }

        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => conversationIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Kind, c.Title, c.ListingId, c.CreatedAt, c.LastActivityAt })
            .ToListAsync(cancellationToken);
        var participants = await db.ConversationParticipants.AsNoTracking()
            .Where(p => conversationIds.Contains(p.ConversationId))
            .ToListAsync(cancellationToken);
        var userIds = participants.Select(p => p.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);

        var listingIds = conversations.Where(c => c.ListingId is not null).Select(c => c.ListingId!.Value).Distinct().ToList();
        var listings = listingIds.Count == 0
            ? []
            : (await db.Listings.AsNoTracking().Where(l => listingIds.Contains(l.Id)).ToRows(db, viewerId, near: null).ToListAsync(cancellationToken))
                .ToDictionary(r => r.Id, r => r.ToDto());

        // The newest message of each conversation, through (ConversationId, CreatedAt, Id).
        var lastMessages = (await db.Messages.AsNoTracking()
                .Where(m => conversationIds.Contains(m.ConversationId))
                .GroupBy(m => m.ConversationId)
                .Select(g => g.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).First())
                .ToListAsync(cancellationToken))
            .ToDictionary(m => m.ConversationId, m => m.ToDto());

        var mine = participants.Where(p => p.UserId == viewerId).ToDictionary(p => p.ConversationId);
        var unread = await db.UnreadCountsAsync(conversationIds, viewerId, cancellationToken);

        var byId = conversations.ToDictionary(c => c.Id);
        return [.. conversationIds.Where(byId.ContainsKey).Select(id =>
        {
            var c = byId[id];
            return new ConversationDto
            {
                Id = c.Id,
                Kind = c.Kind,
                Title = c.Title,
                Participants = [.. participants.Where(p => p.ConversationId == id)
                    .OrderBy(p => p.JoinedAt).ThenBy(p => p.UserId)
                    .Where(p => users.ContainsKey(p.UserId))
                    .Select(p => users[p.UserId].ToPublicDto())],
                Listing = c.ListingId is { } listingId && listings.TryGetValue(listingId, out var listing) ? listing : null,
                LastMessage = lastMessages.GetValueOrDefault(id),
                UnreadCount = unread.GetValueOrDefault(id),
                LastReadMessageId = mine.TryGetValue(id, out var me) ? me.LastReadMessageId : null,
                CreatedAt = c.CreatedAt,
                LastActivityAt = c.LastActivityAt,
            };
        })];
    }

    /// <summary>Per conversation, the messages of others after the viewer's read pointer (deleted ones not counted).</summary>
    public static async Task<Dictionary<Guid, int>> UnreadCountsAsync(
        this IAppDbContext db, IReadOnlyList<Guid> conversationIds, Guid viewerId, CancellationToken cancellationToken)
    {
        var counts = await (
                from p in db.ConversationParticipants
                where p.UserId == viewerId && conversationIds.Contains(p.ConversationId)
                from m in db.Messages
                where m.ConversationId == p.ConversationId
                    && m.SenderId != viewerId
                    && m.DeletedAt == null
                    && (p.LastReadMessageAt == null
                        || m.CreatedAt > p.LastReadMessageAt
                        || (m.CreatedAt == p.LastReadMessageAt && m.Id > p.LastReadMessageId))
                group m by m.ConversationId into g
                select new { ConversationId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.ConversationId, c => c.Count);
    }
}
