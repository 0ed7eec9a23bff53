using FluentValidation;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Paging;
using Homelette.Application.Common.Security;
using Homelette.Domain.Chat;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Chat.Messages;

/// <summary>
/// The messages between the caller and one user in their direct conversation that is not about a listing (the
/// earlier backend's /api/chat/messages/direct), newest first; empty when they never wrote.
/// </summary>
public sealed record DirectMessagesQuery(Guid UserId, Guid? Before, int? Limit) : IQuery<Page<MessageDto>>;

public sealed class DirectMessagesQueryValidator : AbstractValidator<DirectMessagesQuery>
{
    public DirectMessagesQueryValidator()
    {
        RuleFor(q => q.UserId).NotEqual(Guid.Empty);
        RuleFor(q => q.Limit).InclusiveBetween(1, PagingConstraints.MaxLimit);
    }
}

public sealed class DirectMessagesQueryHandler(IAppDbContext db, ICurrentUser currentUser, IMediator mediator)
    : IQueryHandler<DirectMessagesQuery, Page<MessageDto>>
{
    public async ValueTask<Page<MessageDto>> Handle(DirectMessagesQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.RequireId();
        var id = await db.FindDirectAsync(callerId, query.UserId, listingId: null, cancellationToken);
        return id is null
            ? new Page<MessageDto>([], null)
            : await mediator.Send(new ListMessagesQuery(id.Value, query.Before, null, query.Limit), cancellationToken);
    }
}
