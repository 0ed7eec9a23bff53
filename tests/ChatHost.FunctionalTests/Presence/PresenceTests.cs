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
}
