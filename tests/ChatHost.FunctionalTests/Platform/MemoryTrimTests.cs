using Homelette.ChatHost.FunctionalTests.Infrastructure;
using Homelette.ChatHost.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Homelette.ChatHost.FunctionalTests.Platform;

public sealed class MemoryTrimTests(ChatFixture fixture) : ChatTestBase(fixture)
{
    [Fact]
    public async Task ShouldCountHubConnections_FromConnectUntilDisconnect()
    {
        // An instance of its own: connections of other tests, still closing, cannot move its count.
        await using var instance = new ChatFixture.ChatHostFactory(Fixture);
        instance.StartServer();
        var count = instance.Services.GetRequiredService<HubConnectionCount>();
        var ann = await SignUpAsync("Ann");
        var bob = await SignUpAsync("Bob");
        count.Current.ShouldBe(0);

        var connections = new[] { await ConnectAsync(ann, instance), await ConnectAsync(ann, instance), await ConnectAsync(bob, instance) };
        foreach (var connection in connections)
        {
            await connection.NextAsync("online_users");
        }

        // The count moves once the connect handler has returned, a moment after it sent online_users.
        await WaitUntilAsync(() => count.Current == 3);
        foreach (var connection in connections)
        {
            await connection.Connection.StopAsync();
        }

        await WaitUntilAsync(() => count.Current == 0);
        count.TakePeak().ShouldBe(3);
    }
}

public sealed class MemoryTrimRuleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);
    private readonly HubConnectionCount _count = new();
    private readonly StoppableLifetime _lifetime = new();
    private readonly MemoryTrimService _service;

    public MemoryTrimRuleTests() =>
        _service = new MemoryTrimService(_count, TimeProvider.System, _lifetime, NullLogger<MemoryTrimService>.Instance);

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
        Open(3);
        Close(2);

        _count.Current.ShouldBe(1);
        _count.TakePeak().ShouldBe(3);
        _count.TakePeak().ShouldBe(1);
    }

    [Fact]
    public void ShouldCollectOnce_WhenAWaveOfDisconnectsIsOver()
    {
        Open(1000);
        _service.Tick(At(0)).ShouldBeFalse();
        _service.Tick(At(2)).ShouldBeFalse();
        Close(1000);

        _service.Tick(At(4)).ShouldBeFalse(); // the count just moved: the wave may not be over
        _service.Tick(At(6)).ShouldBeTrue();
        _service.Tick(At(8)).ShouldBeFalse();
        _service.Tick(At(400)).ShouldBeFalse();
    }

    [Fact]
    public void ShouldNotCollect_WhenConnectionsDeclineSlowly()
    {
        Open(2000);
        for (var second = 0; second <= 3 * 3600; second += 2)
        {
            if (second % 60 == 0 && _count.Current > 100)
            {
                Close(20); // 1,200 an hour: all but 100 gone in under two hours
            }

            _service.Tick(At(second)).ShouldBeFalse();
        }

        _count.Current.ShouldBe(100);
    }

    [Fact]
    public void ShouldCollectAtMostOncePerGap_WhenACrowdKeepsReconnecting()
    {
        var collected = new List<int>();
        for (var second = 0; second <= 900; second += 2)
        {
            if (second % 30 == 0)
            {
                Open(1000);
            }
            else if (second % 30 == 10)
            {
                Close(1000);
            }

            if (_service.Tick(At(second)))
            {
                collected.Add(second);
            }
        }

        collected.ShouldBe([12, 312, 612]);
    }

    [Fact]
    public void ShouldNotCollect_WhileTheHostStops()
    {
        Open(1000);
        _service.Tick(At(0));
        Close(1000);
        _service.Tick(At(2));
        _lifetime.Stop();

        _service.Tick(At(4)).ShouldBeFalse();
    }

    private static DateTimeOffset At(int seconds) => Start.AddSeconds(seconds);

    private void Open(int n)
    {
        for (var i = 0; i < n; i++)
        {
            _count.Opened();
        }
    }

    private void Close(int n)
    {
        for (var i = 0; i < n; i++)
        {
            _count.Closed();
        }
    }

    private sealed class StoppableLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Stop() => StopApplication();

        public void Dispose() => _stopping.Dispose();
    }
}
