using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Conversations;

/// <summary>The caller's conversations, most recently active first.</summary>
public sealed record ListConversationsQuery(int? Limit, string? Cursor) : IQuery<Page<ConversationDto>>;

public sealed class ListConversationsQueryValidator : AbstractValidator<ListConversationsQuery>
{
    public ListConversationsQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PagingConstraints.MaxLimit);
        RuleFor(q => q.Cursor).MaximumLength(PagingConstraints.CursorMaxLength);
    }
}

/// <summary>Where a page of conversations ended: the last one's activity time and id.</summary>
internal sealed record ConversationCursor(DateTimeOffset LastActivityAt, Guid Id);

public sealed class ListConversationsQueryHandler(IAppDbContext db, ICurrentUser currentUser, CursorCodec cursors)
    : IQueryHandler<ListConversationsQuery, Page<ConversationDto>>
{
    public async ValueTask<Page<ConversationDto>> Handle(ListConversationsQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var limit = query.Limit ?? PagingConstraints.DefaultLimit;
        var mine = from p in db.ConversationParticipants
                   where p.UserId == callerId
                   join c in db.Conversations on p.ConversationId equals c.Id
                   select new { c.Id, c.LastActivityAt };
        if (query.Cursor is { } text)
        {
            var cursor = cursors.Decode<ConversationCursor>(text);
            mine = mine.Where(c => c.LastActivityAt < cursor.LastActivityAt
                || (c.LastActivityAt == cursor.LastActivityAt && c.Id < cursor.Id));
        }

        var page = await mine.OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        var items = await db.ForViewerAsync([.. page.Take(limit).Select(c => c.Id)], callerId, cancellationToken);
        var next = page.Count > limit ? cursors.Encode(new ConversationCursor(page[limit - 1].LastActivityAt, page[limit - 1].Id)) : null;
        return new Page<ConversationDto>(items, next);
    }
}
