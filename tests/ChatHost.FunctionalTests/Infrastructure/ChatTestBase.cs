using Homelette.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace Homelette.ChatHost.FunctionalTests.Infrastructure;

[Collection(ChatCollection.Name)]
public abstract class ChatTestBase(ChatFixture fixture) : IAsyncLifetime
{
    protected const string Password = "correct horse battery";
    private readonly List<HubConnection> _connections = [];

    protected ChatFixture Fixture { get; } = fixture;

    public Task InitializeAsync() => Fixture.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Registers and logs in through the WebApi, as a real client would.</summary>
    protected async Task<ChatUser> SignUpAsync(string name, bool showOnlineStatus = true)
    {
        var auth = new AuthClient(Fixture.Api.CreateClient());
        var email = $"{name.ToLowerInvariant()}@example.edu";
        await auth.RegisterAsync(new RegisterUserCommand { Email = email, Password = Password, First_name = name, Last_name = "Test" });
        var login = await auth.LoginAsync(new LoginCommand { Email = email, Password = Password });
        if (!showOnlineStatus)
        {
            var http = Fixture.Api.CreateClient();
            http.DefaultRequestHeaders.Authorization = new("Bearer", login.Access_token);
            await new UsersClient(http).UpdateSettingsAsync(login.User.Id, new SettingsInput { Show_online_status = false });
        }

        return new ChatUser(login.User.Id, login.Access_token);
    }

    /// <summary>The REST chat client of a signed-in user (the WebApi).</summary>
    protected ChatClient ChatOf(ChatUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var http = Fixture.Api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", user.Token);
        return new ChatClient(http);
    }

    /// <summary>The direct conversation of two users, started through the WebApi.</summary>
    protected async Task<Guid> DirectAsync(ChatUser from, ChatUser to) =>
        (await ChatOf(from).CreateConversationAsync(new CreateConversationCommand { Participants = [to.Id] })).Id;

    /// <summary>A group of the creator and the others, started through the WebApi.</summary>
    protected async Task<Guid> GroupAsync(ChatUser creator, string title, params ChatUser[] others) =>
        (await ChatOf(creator).CreateConversationAsync(new CreateConversationCommand { Title = title, Participants = [.. others.Select(o => o.Id)] })).Id;

    /// <summary>Opens a hub connection over a real socket and records every event it receives.</summary>
    protected async Task<RecordingConnection> ConnectAsync(ChatUser user, ChatFixture.ChatHostFactory? instance = null)
    {
        var connection = Build((instance ?? Fixture.InstanceA).HubUrl, options => options.AccessTokenProvider = () => Task.FromResult<string?>(user.Token));
        var recording = new RecordingConnection(connection);
        await connection.StartAsync();
        return recording;
    }

    /// <summary>Waits up to 10 s for a condition that a server changes on its own time, then asserts it.</summary>
    protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        condition().ShouldBeTrue();
    }

    protected HubConnection Build(Uri url, Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions>? configure = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(url, options => configure?.Invoke(options))
            .Build();
        _connections.Add(connection);
        return connection;
    }
}

public sealed record ChatUser(Guid Id, string Token);
