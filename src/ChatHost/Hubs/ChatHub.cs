using Homelette.Application.Presence.Commands.ConnectUser;
using Homelette.Application.Presence.Commands.DisconnectUser;
using Mediator;
using Microsoft.AspNetCore.SignalR;

namespace Homelette.ChatHost.Hubs;

/// <summary>The real-time endpoint at /socket. Thin: each method sends one command and shapes the result.</summary>
public sealed class ChatHub(ISender sender) : Hub<IChatClient>
{
    public override async Task OnConnectedAsync()
    {
        var result = await sender.Send(new ConnectUserCommand(Context.ConnectionId), Context.ConnectionAborted);
        if (result.AnnounceOnline)
        {
            await Clients.Others.user_online(new UserPresenceEvent(result.UserId));
        }

        // Last, so that a client holding online_users knows its own arrival has been announced.
        await Clients.Caller.online_users(new OnlineUsersEvent(result.OnlineUsers));

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var result = await sender.Send(new DisconnectUserCommand(Context.ConnectionId), CancellationToken.None);
        if (result.AnnounceOffline)
        {
            await Clients.Others.user_offline(new UserPresenceEvent(result.UserId));
        }

        await base.OnDisconnectedAsync(exception);
    }
}
