using Homelette.Application.Common.Exceptions;
using Homelette.Application.Common.Interfaces;

namespace Homelette.Application.Common.Security;

public static class CurrentUserExtensions
{
    /// <summary>The caller's id; an anonymous caller of a use case that needs one is unauthorized.</summary>
    public static Guid RequireId(this ICurrentUser currentUser)
    {
        ArgumentNullException.ThrowIfNull(currentUser);
        return currentUser.Id ?? throw new UnauthorizedException("Authentication is required.");
    }
}
