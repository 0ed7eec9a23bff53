using Homelette.ChatHost.FunctionalTests.Infrastructure;
using Homelette.ChatHost.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Homelette.ChatHost.FunctionalTests.Platform;

public sealed class MemoryTrimTests(ChatFixture fixture) : ChatTestBase(fixture)
{
    [Fact]
    public async Task ShouldCountHubConnections_FromConnectUntilDisconnect()
    {
        var count = Fixture.InstanceA.Services.GetRequiredService<HubConnectionCount>();
        var settled = await SettledAsync(count);
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");

        var connections = new[] { await ConnectAsync(ann), await ConnectAsync(ann), await ConnectAsync(bob) };
        foreach (var connection in connections)
        {
            await connection.NextAsync("online_users");
        }

        // The count moves once the connect handler has returned, a moment after it sent online_users.
        await WaitUntilAsync(() => count.Current == settled + 3);
        count.Peak.ShouldBeGreaterThanOrEqualTo(settled + 3);
        foreach (var connection in connections)
        {
            await connection.Connection.StopAsync();
        }

        await WaitUntilAsync(() => count.Current == settled);
        connections.ShouldAllBe(c => c.Connection.State == HubConnectionState.Disconnected);
    }

    [Theory]
    [InlineData(1000, 500, true)]
    [InlineData(1000, 0, true)]
    [InlineData(5000, 2500, true)]
    [InlineData(5000, 2501, false)]
    [InlineData(1000, 501, false)]
    [InlineData(999, 0, true)]
    [InlineData(499, 0, false)]
    [InlineData(0, 0, false)]
    public void ShouldTrim_OnlyWhenAtLeastHalfOfThePeakAndAtLeast500ConnectionsClosed(long peak, long current, bool expected) =>
        MemoryTrimService.ShouldTrim(peak, current).ShouldBe(expected);

    [Fact]
    public void ShouldKeepThePeakUntilTaken()
    {
        var count = new HubConnectionCount();
        count.Opened();
        count.Opened();
        count.Opened();
        count.Closed();
        count.Closed();

        count.Current.ShouldBe(1);
        count.Peak.ShouldBe(3);
        count.TakePeak().ShouldBe(3);
        count.Peak.ShouldBe(1);
    }

    /// <summary>The count once connections of earlier tests finished closing: unchanged for half a second.</summary>
    private static async Task<long> SettledAsync(HubConnectionCount count)
    {
        var last = count.Current;
        for (int i = 0, unchanged = 0; i < 100 && unchanged < 5; i++)
        {
            await Task.Delay(100);
            var now = count.Current;
            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
        }

        return last;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        condition().ShouldBeTrue();
    }
}
