using Homelette.ChatHost.FunctionalTests.Infrastructure;

namespace Homelette.ChatHost.FunctionalTests.Presence;

public sealed class PresenceTests(ChatFixture fixture) : ChatTestBase(fixture)
{
    [Fact]
    public async Task ShouldTellContactsSomeoneCameOnline_AndTellTheNewcomerWhichContactsAreOnline()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        await DirectAsync(ann, bob);
        var annConnection = await ConnectAsync(ann);
        (await annConnection.NextAsync("online_users")).GetProperty("users").GetArrayLength().ShouldBe(0);

        var bobConnection = await ConnectAsync(bob);

        (await annConnection.NextAsync("user_online")).GetProperty("user_id").GetGuid().ShouldBe(bob.Id);
        var online = (await bobConnection.NextAsync("online_users")).GetProperty("users").EnumerateArray().Select(u => u.GetGuid());
        online.ShouldBe([ann.Id]);
    }

    [Fact]
    public async Task ShouldAnnounceOfflineOnlyWhenTheLastConnectionCloses()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var carol = await SignUpAsync("Carol");
        await DirectAsync(ann, bob);
        await DirectAsync(ann, carol);
        var annConnection = await ConnectAsync(ann);
        var bobPhone = await ConnectAsync(bob);
        var bobLaptop = await ConnectAsync(bob, Fixture.InstanceB);
        await bobLaptop.NextAsync("online_users");
        await annConnection.NextAboutAsync("user_online", bob.Id);

        await bobPhone.Connection.StopAsync();
        await ConnectAsync(carol);
        (await annConnection.NextAsync("user_online")).GetProperty("user_id").GetGuid().ShouldBe(carol.Id);
        annConnection.Drain("user_offline").ShouldBeEmpty("Bob still has a connection open");

        await bobLaptop.Connection.StopAsync();

        (await annConnection.NextAsync("user_offline")).GetProperty("user_id").GetGuid().ShouldBe(bob.Id);
    }

    [Fact]
    public async Task ShouldSharePresenceAcrossInstances_ThroughRedis()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        await GroupAsync(bob, "Roommates", ann);
        var annOnA = await ConnectAsync(ann, Fixture.InstanceA);
        await annOnA.NextAsync("online_users");

        var bobOnB = await ConnectAsync(bob, Fixture.InstanceB);

        (await annOnA.NextAsync("user_online")).GetProperty("user_id").GetGuid().ShouldBe(bob.Id);
        (await bobOnB.NextAsync("online_users")).GetProperty("users").EnumerateArray().Select(u => u.GetGuid()).ShouldBe([ann.Id]);
    }

    [Fact]
    public async Task ShouldKeepAUserOffline_WhoHidesTheirOnlineStatus()
    {
        var ann = await SignUpAsync("Ann");
        var hidden = await SignUpAsync("Hidden", showOnlineStatus: false);
        var dave = await SignUpAsync("Dave");
        await GroupAsync(ann, "Everyone", hidden, dave);
        var annConnection = await ConnectAsync(ann);
        await annConnection.NextAsync("online_users");

        var hiddenConnection = await ConnectAsync(hidden);
        await hiddenConnection.NextAsync("online_users");
        var daveConnection = await ConnectAsync(dave);

        // Everything Ann heard before Dave's arrival: Hidden must not be in it.
        (await annConnection.NextAsync("user_online")).GetProperty("user_id").GetGuid().ShouldBe(dave.Id);
        (await daveConnection.NextAsync("online_users")).GetProperty("users").EnumerateArray().Select(u => u.GetGuid())
            .ShouldBe([ann.Id]);
    }

    [Fact]
    public async Task ShouldTellNoOneButContacts_WhenSomeoneComesOnlineOrGoesOffline()
    {
        var ann = await SignUpAsync("Ann");
        var stranger = await SignUpAsync("Stranger");
        var bob = await SignUpAsync("Bob");
        await DirectAsync(ann, bob);
        var strangerConnection = await ConnectAsync(stranger);
        (await strangerConnection.NextAsync("online_users")).GetProperty("users").GetArrayLength().ShouldBe(0);
        var bobConnection = await ConnectAsync(bob);
        await bobConnection.NextAsync("online_users");

        var annConnection = await ConnectAsync(ann);
        (await annConnection.NextAsync("online_users")).GetProperty("users").EnumerateArray().Select(u => u.GetGuid()).ShouldBe([bob.Id]);
        (await bobConnection.NextAsync("user_online")).GetProperty("user_id").GetGuid().ShouldBe(ann.Id);
        await annConnection.Connection.StopAsync();
        (await bobConnection.NextAsync("user_offline")).GetProperty("user_id").GetGuid().ShouldBe(ann.Id);

        (await strangerConnection.QuietAsync("user_online")).ShouldBeEmpty();
        strangerConnection.Drain("user_offline").ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldHideEachOthersPresence_WhenOneBlockedTheOther()
    {
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        await DirectAsync(ann, bob);
        await Fixture.QueryAsync(async db =>
        {
            db.UserBlocks.Add(Domain.Chat.UserBlock.Of(ann.Id, bob.Id, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        var annConnection = await ConnectAsync(ann);
        await annConnection.NextAsync("online_users");

        var bobConnection = await ConnectAsync(bob);

        (await bobConnection.NextAsync("online_users")).GetProperty("users").GetArrayLength().ShouldBe(0);
        (await annConnection.QuietAsync("user_online")).ShouldBeEmpty();
    }

    [Fact]
    public async Task ShouldTakeTheUsersOfADeadInstanceOffline_WhenItsHeartbeatStops()
    {
        // Bob is connected only to an instance that then dies without a goodbye: its heartbeat simply expires.
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        await DirectAsync(ann, bob);
        const string dead = "crashed-instance";
        await Fixture.Redis.StringSetAsync($"homelette:presence:alive:{dead}", 1, TimeSpan.FromSeconds(2));
        await Fixture.Redis.HashSetAsync($"homelette:presence:user:{bob.Id}", "connection-on-the-dead-instance", dead);
        await Fixture.Redis.SetAddAsync($"homelette:presence:instance-users:{dead}", bob.Id.ToString());
        await Fixture.Redis.SetAddAsync("homelette:presence:instances", dead);
        var annConnection = await ConnectAsync(ann, Fixture.InstanceB);
        (await annConnection.NextAsync("online_users")).GetProperty("users").EnumerateArray().Select(u => u.GetGuid()).ShouldBe([bob.Id]);

        var offline = await annConnection.NextAsync("user_offline");

        offline.GetProperty("user_id").GetGuid().ShouldBe(bob.Id);
        (await Fixture.Redis.HashLengthAsync($"homelette:presence:user:{bob.Id}")).ShouldBe(0);
    }

    [Fact]
    public async Task ShouldRefuseAnEleventhConnection_OfOneUser()
    {
        var ann = await SignUpAsync("Ann");
        var connections = new List<RecordingConnection>();
        for (var i = 0; i < 10; i++)
        {
            var connection = await ConnectAsync(ann, i % 2 == 0 ? Fixture.InstanceA : Fixture.InstanceB);
            await connection.NextAsync("online_users");
            connections.Add(connection);
        }

        var eleventh = await ConnectAsync(ann);

        (await eleventh.NextAsync("error")).GetProperty("code").GetString().ShouldBe("too_many_connections");
        await WaitUntilAsync(() => eleventh.Connection.State == Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Disconnected);
        connections.ShouldAllBe(c => c.Connection.State == Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected);
        await connections[0].Connection.StopAsync();
        var replacement = await ConnectAsync(ann);
        await replacement.NextAsync("online_users");
    }
}
