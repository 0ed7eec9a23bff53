using Homelette.Infrastructure.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Homelette.Infrastructure.Realtime;

/// <summary>SignalR's user of a connection is the token's subject (the user id), so events can be sent to users.</summary>
internal sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        UserClaims.UserId(connection?.User) is { } id ? id.ToString() : null;
}
