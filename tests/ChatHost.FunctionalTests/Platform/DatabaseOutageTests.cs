using System.Diagnostics;
using System.Text.Json;
using Homelette.ChatHost.FunctionalTests.Infrastructure;
using Homelette.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using Xunit.Abstractions;

namespace Homelette.ChatHost.FunctionalTests.Platform;

/// <summary>
/// A ChatHost instance whose way to MariaDB goes through a proxy the test cuts: the database is out of that host's
/// reach (as if it were down) while it stays up for the rest of the tests.
/// </summary>
public sealed class DatabaseOutageTests(ChatFixture fixture, ITestOutputHelper output) : ChatTestBase(fixture)
{
    /// <summary>What the issue promises: a send while MariaDB is down fails within this time.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ShouldAnswerUnavailableInTime_AndStoreNothing_WhileTheDatabaseIsOutOfReach_ThenRecoverByItself()
    {
        var database = new MySqlConnectionStringBuilder(Fixture.Database.ConnectionString);
        await using var proxy = TcpProxy.Start(database.Server, (int)database.Port);
        var throughProxy = new MySqlConnectionStringBuilder(database.ConnectionString) { Server = "127.0.0.1", Port = (uint)proxy.Port };
        await using var instance = new ChatFixture.ChatHostFactory(Fixture, throughProxy.ConnectionString);
        instance.StartServer();
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        var conversation = await DirectAsync(ann, bob);
        var annConnection = await ConnectAsync(ann, instance);
        await annConnection.NextAsync("online_users"); // the connection is set up (it reads the database to join)
        var message = new { conversation_id = conversation, content = "Still there?", client_message_id = "outage-1" };

        proxy.Cut();
        var started = Stopwatch.GetTimestamp();
        var failure = await Should.ThrowAsync<HubException>(() => annConnection.Connection.InvokeAsync<JsonElement>("conversation_message", message));
        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"A send with the database out of reach failed after {elapsed.TotalMilliseconds:0} ms: {failure.Message}");

        failure.Message.ShouldContain("unavailable");
        (await annConnection.NextAsync("error")).GetProperty("code").GetString().ShouldBe("unavailable");
        elapsed.ShouldBeLessThan(AnswerWithin);
        (await Fixture.QueryAsync(db => db.Messages.CountAsync())).ShouldBe(0);

        proxy.Restore();
        var stored = await annConnection.Connection.InvokeAsync<JsonElement>("conversation_message", message);

        stored.GetProperty("client_message_id").GetString().ShouldBe("outage-1");
        (await Fixture.QueryAsync(db => db.Messages.CountAsync())).ShouldBe(1);
    }
}
