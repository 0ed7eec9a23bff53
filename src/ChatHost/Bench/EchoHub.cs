using System.Diagnostics.CodeAnalysis;
using Homelette.Application.Chat;
using Homelette.Domain.Chat;
using Homelette.Infrastructure.Identity;
using Homelette.Infrastructure.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Homelette.ChatHost.Bench;

/// <summary>
/// The baseline of <c>bench/chat-load.sh</c>: a hub that answers <c>private_message</c> with the same deliveries as
/// <see cref="ChatHub"/> (the recipient's <c>private_message</c>, the sender's <c>message_delivered</c>, the message
/// as return value) through the same Redis backplane, but stores nothing and checks no limit, presence or block.
/// The load against it, compared with the same load against <c>/socket</c>, shows what persisting and the chat's
/// own Redis calls cost. Mapped only when <c>Bench:EchoHub</c> is true; never in a real deployment.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Hub method names are the wire names.")]
public sealed class EchoHub(TimeProvider clock) : Hub
{
    public const string Path = "/bench/echo";

    [HubMethodName("private_message")]
    public async Task<MessageDto> PrivateMessage(PrivateMessageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var senderId = UserClaims.UserId(Context.User) ?? throw new HubException("unauthorized");
        var message = new MessageDto
        {
            Id = Guid.CreateVersion7(),
            ConversationId = Guid.Empty,
            SenderId = senderId,
            Kind = MessageKind.Text,
            Content = request.Content,
            ClientMessageId = request.ClientMessageId,
            CreatedAt = clock.GetUtcNow(),
        };
        await Clients.User(request.RecipientId.ToString()).SendAsync("private_message", message, Context.ConnectionAborted);
        await Clients.User(senderId.ToString()).SendAsync("message_delivered", message, Context.ConnectionAborted);
        return message;
    }
}

public static class EchoHubEndpoint
{
    /// <summary>Maps <see cref="EchoHub"/> at <see cref="EchoHub.Path"/> when configuration <c>Bench:EchoHub</c> is true.</summary>
    public static WebApplication MapBenchEchoHubWhenEnabled(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetValue<bool>("Bench:EchoHub"))
        {
            app.MapHub<EchoHub>(EchoHub.Path);
        }

        return app;
    }
}
