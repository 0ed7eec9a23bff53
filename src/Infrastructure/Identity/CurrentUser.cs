using System.Security.Claims;
using Homelette.Application.Common.Interfaces;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Homelette.Infrastructure.Identity;

/// <summary>The user of the current HTTP request (or hub connection), from the validated token's subject.</summary>
internal sealed class CurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public Guid? Id => UserClaims.UserId(accessor.HttpContext?.User);
}

public static class UserClaims
{
    /// <summary>The user id in an authenticated principal's subject claim; null for anyone else.</summary>
    public static Guid? UserId(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true
        && Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id)
            ? id
            : null;
}
