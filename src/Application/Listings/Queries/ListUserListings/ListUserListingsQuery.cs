using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Domain.Listings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Listings.Queries.ListUserListings;

/// <summary>A user's listings, newest first: all of them for their owner, the active ones for anyone else.</summary>
public sealed record ListUserListingsQuery(Guid UserId, int? Limit = null, string? Cursor = null) : IQuery<Page<ListingSummaryDto>>;

public sealed class ListUserListingsQueryValidator : AbstractValidator<ListUserListingsQuery>
{
    public ListUserListingsQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PagingConstraints.MaxLimit);
        RuleFor(q => q.Cursor).MaximumLength(PagingConstraints.CursorMaxLength);
    }
}

internal sealed record IdCursor(Guid Id);

public sealed class ListUserListingsQueryHandler(IAppDbContext db, ICurrentUser currentUser, CursorCodec cursors)
    : IQueryHandler<ListUserListingsQuery, Page<ListingSummaryDto>>
{
    public async ValueTask<Page<ListingSummaryDto>> Handle(ListUserListingsQuery query, CancellationToken cancellationToken)
    {
        var viewerId = currentUser.Id;
        var listings = db.Listings.AsNoTracking().Where(l => l.OwnerId == query.UserId);
        if (viewerId != query.UserId)
        {
            listings = listings.Where(l => l.Status == ListingStatus.Active);
        }

        if (query.Cursor is { } cursorText)
        {
            var after = cursors.Decode<IdCursor>(cursorText).Id;
            listings = listings.Where(l => l.Id < after);
        }

        var limit = query.Limit ?? PagingConstraints.DefaultLimit;
        var rows = await listings.ToRows(db, viewerId, near: null).OrderByDescending(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > limit ? cursors.Encode(new IdCursor(rows[limit - 1].Id)) : null;
        return new Page<ListingSummaryDto>(rows.Take(limit).Select(r => r.ToDto()).ToList(), next);
    }
}
