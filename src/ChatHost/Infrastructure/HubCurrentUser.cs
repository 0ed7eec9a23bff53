using System.Security.Claims;
using Homelette.Application.Common.Interfaces;
using Homelette.Infrastructure.Identity;

namespace Homelette.ChatHost.Infrastructure;

/// <summary>The user of the hub connection being served; set by <see cref="Filters.HubScopeFilter"/> for each hub call.</summary>
public sealed class HubCurrentUser : ICurrentUser
{
    private ClaimsPrincipal? _principal;

    public Guid? Id => UserClaims.UserId(_principal);

    public void Set(ClaimsPrincipal? principal) => _principal = principal;
}
