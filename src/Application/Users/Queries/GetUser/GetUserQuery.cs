using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;
using Homelette.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Homelette.Application.Users.Queries.GetUser;

/// <summary>A profile: the whole one for its owner, the public part for anyone else.</summary>
public sealed record GetUserQuery(Guid UserId) : IQuery<UserDto>;

public sealed class GetUserQueryHandler(IAppDbContext db, ICurrentUser currentUser)
    : IQueryHandler<GetUserQuery, UserDto>
{
    public async ValueTask<UserDto> Handle(GetUserQuery query, CancellationToken cancellationToken)
    {
        var viewerId = currentUser.RequireId();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == query.UserId, cancellationToken)
            ?? throw new NotFoundException("User", query.UserId);
        return user.ToDtoFor(viewerId);
    }
}
