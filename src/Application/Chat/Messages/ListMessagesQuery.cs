using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Messages;

/// <summary>
/// A conversation's messages, keyset on (time, id). Without <see cref="After"/>: newest first, older than
/// <see cref="Before"/> when given. With <see cref="After"/>: oldest first from just after that message, for
/// catching up. The next cursor is the id of the last message of the page, to pass again as the same parameter.
/// </summary>
public sealed record ListMessagesQuery(Guid ConversationId, Guid? Before, Guid? After, int? Limit) : IQuery<Page<MessageDto>>;

public sealed class ListMessagesQueryValidator : AbstractValidator<ListMessagesQuery>
{
    public ListMessagesQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PagingConstraints.MaxLimit);
        RuleFor(q => q.After).Null().When(q => q.Before is not null).WithMessage("Give 'before' or 'after', not both.");
    }
}

public sealed class ListMessagesQueryHandler(IAppDbContext db, ICurrentUser currentUser) : IQueryHandler<ListMessagesQuery, Page<MessageDto>>
{
    public async ValueTask<Page<MessageDto>> Handle(ListMessagesQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        await db.LoadForParticipantAsync(query.ConversationId, callerId, cancellationToken);
        var limit = query.Limit ?? PagingConstraints.DefaultLimit;
        var messages = db.Messages.AsNoTracking().Where(m => m.ConversationId == query.ConversationId);

        List<MessageDto> page;
        if (query.After is { } afterId)
        {
            var after = await MessageAnchors.FindAsync(db, query.ConversationId, afterId, "after", cancellationToken);
            page = await messages
                .Where(m => m.CreatedAt > after.CreatedAt || (m.CreatedAt == after.CreatedAt && m.Id > after.Id))
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                .Take(limit + 1)
                .ProjectToDto()
                .ToListAsync(cancellationToken);
        }
        else
        {
            if (query.Before is { } beforeId)
            {
                var before = await MessageAnchors.FindAsync(db, query.ConversationId, beforeId, "before", cancellationToken);
                messages = messages.Where(m => m.CreatedAt < before.CreatedAt || (m.CreatedAt == before.CreatedAt && m.Id < before.Id));
            }

            page = await messages
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                .Take(limit + 1)
                .ProjectToDto()
                .ToListAsync(cancellationToken);
        }

        var next = page.Count > limit ? page[limit - 1].Id.ToString() : null;
        return new Page<MessageDto>([.. page.Take(limit)], next);
    }
}

internal static class MessageAnchors
{
    /// <summary>The message a page starts from; it must be in the conversation (400 naming the parameter otherwise).</summary>
    public static async Task<(Guid Id, DateTimeOffset CreatedAt)> FindAsync(
        IAppDbContext db, Guid conversationId, Guid messageId, string field, CancellationToken cancellationToken)
    {
        var anchor = await db.Messages.AsNoTracking()
            .Where(m => m.Id == messageId && m.ConversationId == conversationId)
            .Select(m => new { m.Id, m.CreatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return anchor is null
            ? throw new ValidationException([new FluentValidation.Results.ValidationFailure(field, "No such message in this conversation.")])
            : (anchor.Id, anchor.CreatedAt);
    }
}
