using FluentValidation;
using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Application.Common.Security;
using Homelette.Domain.Listings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Listings.Favorites.ListFavorites;

/// <summary>The caller's saved listings, most recently saved first (your own list only).</summary>
public sealed record ListFavoritesQuery(Guid UserId, int? Limit = null, string? Cursor = null) : IQuery<Page<ListingSummaryDto>>;

public sealed class ListFavoritesQueryValidator : AbstractValidator<ListFavoritesQuery>
{
    public ListFavoritesQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PagingConstraints.MaxLimit);
        RuleFor(q => q.Cursor).MaximumLength(PagingConstraints.CursorMaxLength);
    }
}

internal sealed record FavoriteCursor(Guid FavoriteId);

public sealed class ListFavoritesQueryHandler(IAppDbContext db, ICurrentUser currentUser, CursorCodec cursors)
    : IQueryHandler<ListFavoritesQuery, Page<ListingSummaryDto>>
{
    public async ValueTask<Page<ListingSummaryDto>> Handle(ListFavoritesQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        if (query.UserId != callerId)
        {
            throw new ForbiddenException("Your favorites are yours alone.");
        }

        var favorites = db.Favorites.AsNoTracking().Where(f => f.UserId == callerId);
        if (query.Cursor is { } cursorText)
        {
            var after = cursors.Decode<FavoriteCursor>(cursorText).FavoriteId;
            favorites = favorites.Where(f => f.Id < after);
        }

        var limit = query.Limit ?? PagingConstraints.DefaultLimit;
        var page = await favorites
            .Join(db.Listings.Where(l => l.Status != ListingStatus.Archived || l.OwnerId == callerId), f => f.ListingId, l => l.Id, (f, l) => new { f.Id, ListingId = l.Id })
            .OrderByDescending(x => x.Id)
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        var ids = page.Take(limit).Select(x => x.ListingId).ToList();
        var rows = await db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id)).ToRows(db, callerId, near: null).ToListAsync(cancellationToken);
        var items = ids.Select(id => rows.Single(r => r.Id == id).ToDto()).ToList();
        var next = page.Count > limit ? cursors.Encode(new FavoriteCursor(page[limit - 1].Id)) : null;
        return new Page<ListingSummaryDto>(items, next);
    }
}
