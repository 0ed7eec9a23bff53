using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Application.Common.Security;
using Homelette.Application.Common.Text;
using Homelette.Domain.Chat;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Messages;

/// <summary>
/// Searches the caller's own message history: the messages of conversations the caller takes part in whose text
/// (content or location label) contains every word of <see cref="Q"/>, case-insensitively, newest first. Deleted
/// messages never match. <see cref="ConversationId"/> keeps to one conversation (403 when the caller is not in
/// it); <see cref="WithUserId"/> keeps to the caller's direct conversations with that user.
/// </summary>
public sealed record SearchMessagesQuery(string? Q, Guid? ConversationId = null, Guid? WithUserId = null, int? Limit = null, string? Cursor = null)
    : IQuery<Page<MessageDto>>;

public sealed class SearchMessagesQueryValidator : AbstractValidator<SearchMessagesQuery>
{
    public SearchMessagesQueryValidator()
    {
        RuleFor(q => q.Q).NotEmpty().MaximumLength(ChatConstraints.SearchTextMaxLength);
        RuleFor(q => q.ConversationId).NotEqual(Guid.Empty);
        RuleFor(q => q.WithUserId).NotEqual(Guid.Empty);
        RuleFor(q => q.Limit).InclusiveBetween(1, PagingConstraints.MaxLimit);
        RuleFor(q => q.Cursor).MaximumLength(PagingConstraints.CursorMaxLength);
    }
}

/// <summary>Where a page of search results ended: the last message's time and id.</summary>
internal sealed record MessageSearchCursor(DateTimeOffset CreatedAt, Guid Id);

public sealed class SearchMessagesQueryHandler(IAppDbContext db, ICurrentUser currentUser, CursorCodec cursors)
    : IQueryHandler<SearchMessagesQuery, Page<MessageDto>>
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n'];

    public async ValueTask<Page<MessageDto>> Handle(SearchMessagesQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var cursor = query.Cursor is { } text ? cursors.Decode<MessageSearchCursor>(text) : null;
        if (query.ConversationId is { } conversationId)
        {
            await db.LoadForParticipantAsync(conversationId, callerId, cancellationToken);
        }

        // First the caller's conversations (index on user, conversation); the messages are then read per
        // conversation through the (conversation, time, id) index, so nobody else's history is ever scanned.
        var conversationIds = await MineAsync(callerId, query.ConversationId, query.WithUserId, cancellationToken);
        if (conversationIds.Count == 0)
        {
            return new Page<MessageDto>([], null);
        }

        var messages = db.Messages.AsNoTracking().Where(m => conversationIds.Contains(m.ConversationId) && m.DeletedAt == null);
        var words = query.Q!.Split(Separators, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var word in words)
        {
            var pattern = LikePatterns.Containing(word);
            messages = messages.Where(m =>
                (m.Content != null && EF.Functions.Like(m.Content, pattern, LikePatterns.Escape))
                || (m.LocationLabel != null && EF.Functions.Like(m.LocationLabel, pattern, LikePatterns.Escape)));
        }

        if (cursor is not null)
        {
            messages = messages.Where(m => m.CreatedAt < cursor.CreatedAt || (m.CreatedAt == cursor.CreatedAt && m.Id < cursor.Id));
        }

        var limit = query.Limit ?? PagingConstraints.DefaultLimit;
        var page = await messages
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Take(limit + 1)
            .ProjectToDto()
            .ToListAsync(cancellationToken);
        var next = page.Count > limit ? cursors.Encode(new MessageSearchCursor(page[limit - 1].CreatedAt, page[limit - 1].Id)) : null;
        return new Page<MessageDto>([.. page.Take(limit)], next);
    }

    /// <summary>The ids of the caller's conversations the search covers.</summary>
    private async Task<List<Guid>> MineAsync(Guid callerId, Guid? conversationId, Guid? withUserId, CancellationToken cancellationToken)
    {
        if (withUserId == callerId)
        {
            // A direct conversation is between two different users: there is none with yourself.
            return [];
        }

        var mine = db.ConversationParticipants.AsNoTracking().Where(p => p.UserId == callerId);
        if (conversationId is { } onlyId)
        {
            mine = mine.Where(p => p.ConversationId == onlyId);
        }

        if (withUserId is { } otherId)
        {
            mine = mine.Where(p =>
                db.Conversations.Any(c => c.Id == p.ConversationId && c.Kind == ConversationKind.Direct)
                && db.ConversationParticipants.Any(o => o.ConversationId == p.ConversationId && o.UserId == otherId));
        }

        return await mine.Select(p => p.ConversationId).ToListAsync(cancellationToken);
    }
}
