using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Application.Common.Security;
using Homelette.Application.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Blocks;

/// <summary>The public profiles of the users the caller blocked, most recently blocked first.</summary>
public sealed record ListBlockedUsersQuery(int? Limit = null, string? Cursor = null) : IQuery<Page<UserDto>>;

public sealed class ListBlockedUsersQueryValidator : AbstractValidator<ListBlockedUsersQuery>
{
    public ListBlockedUsersQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PagingConstraints.MaxLimit);
        RuleFor(q => q.Cursor).MaximumLength(PagingConstraints.CursorMaxLength);
    }
}

/// <summary>Where a page of blocks ended: the last block's time and the blocked user's id.</summary>
internal sealed record BlockCursor(DateTimeOffset CreatedAt, Guid BlockedId);

public sealed class ListBlockedUsersQueryHandler(IAppDbContext db, ICurrentUser currentUser, CursorCodec cursors)
    : IQueryHandler<ListBlockedUsersQuery, Page<UserDto>>
{
    public async ValueTask<Page<UserDto>> Handle(ListBlockedUsersQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var blocks = db.UserBlocks.AsNoTracking().Where(b => b.BlockerId == callerId);
        if (query.Cursor is { } text)
        {
            var cursor = cursors.Decode<BlockCursor>(text);
            blocks = blocks.Where(b => b.CreatedAt < cursor.CreatedAt || (b.CreatedAt == cursor.CreatedAt && b.BlockedId < cursor.BlockedId));
        }

        var limit = query.Limit ?? PagingConstraints.DefaultLimit;
        var page = await blocks
            .OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.BlockedId)
            .Take(limit + 1)
            .Join(db.Users, b => b.BlockedId, u => u.Id, (b, u) => new { b.CreatedAt, b.BlockedId, User = u })
            .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.BlockedId)
            .ToListAsync(cancellationToken);
        var items = page.Take(limit).Select(x => x.User.ToPublicDto()).ToList();
        var next = page.Count > limit ? cursors.Encode(new BlockCursor(page[limit - 1].CreatedAt, page[limit - 1].BlockedId)) : null;
        return new Page<UserDto>(items, next);
    }
}
