using System.Globalization;
using Homelette.Application.Common.Interfaces;
using Homelette.Infrastructure.Identity;

namespace Homelette.Infrastructure.UnitTests.Identity;

public sealed class LowPriorityWorkersTests : IDisposable
{
    private readonly LowPriorityWorkers _workers = new(threads: 2);

    public void Dispose() => _workers.Dispose();

    [Fact]
    public async Task ShouldRunTheWorkOnADedicatedThread_NotTheThreadPool()
    {
        var (name, pooled) = await _workers.RunAsync(
            () => (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread), CancellationToken.None);

        name.ShouldStartWith("low-priority-");
        pooled.ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldRunTheWorkAtALowerPriority()
    {
        var (nice, priority) = await _workers.RunAsync(
            () => (OperatingSystem.IsLinux() ? OwnNiceValue() : 0, Thread.CurrentThread.Priority), CancellationToken.None);

        if (OperatingSystem.IsLinux())
        {
            nice.ShouldBe(LowPriorityWorkers.Nice);
        }
        else
        {
            priority.ShouldBe(ThreadPriority.BelowNormal);
        }
    }

    [Fact]
    public async Task ShouldHandTheExceptionBackToTheCaller()
    {
        await Should.ThrowAsync<InvalidOperationException>(() =>
            _workers.RunAsync<int>(() => throw new InvalidOperationException("boom"), CancellationToken.None));
    }

    [Fact]
    public async Task ShouldNotRunTheWork_WhenTheCallerHasGivenUp()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var ran = false;

        await Should.ThrowAsync<OperationCanceledException>(() => _workers.RunAsync(() => ran = true, cancelled.Token));

        ran.ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldCancelAtOnceAndSkipTheWork_WhenTheCallerGivesUpWhileItWaits()
    {
        using var one = new LowPriorityWorkers(threads: 1);
        using var release = new ManualResetEventSlim();
        var busy = one.RunAsync(() => release.Wait(TimeSpan.FromSeconds(10)), CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var ran = false;
        var waiting = one.RunAsync(() => ran = true, giveUp.Token);

        await giveUp.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        release.Set();
        (await busy).ShouldBeTrue();
        (await one.RunAsync(() => 42, CancellationToken.None)).ShouldBe(42);
        ran.ShouldBeFalse();
    }

    [Fact]
    public async Task ShouldRefuseWork_AfterDisposal()
    {
        var workers = new LowPriorityWorkers(threads: 1);
        workers.Dispose();

        await Should.ThrowAsync<ObjectDisposedException>(() => workers.RunAsync(() => 1, CancellationToken.None));
    }

    [Fact]
    public async Task ShouldCheckPasswordsWithTheWorkers()
    {
        var hasher = new PasswordHasher(_workers);

        var hash = await hasher.HashAsync("correct horse", CancellationToken.None);

        (await hasher.VerifyAsync(hash, "correct horse", CancellationToken.None)).ShouldBe(PasswordCheck.Success);
        (await hasher.VerifyAsync(hash, "wrong horse", CancellationToken.None)).ShouldBe(PasswordCheck.Failed);
        (await hasher.VerifyAsync(hasher.DecoyHash, "correct horse", CancellationToken.None)).ShouldBe(PasswordCheck.Failed);
    }

    /// <summary>Field 19 of /proc/thread-self/stat: the calling thread's nice value.</summary>
    private static int OwnNiceValue()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
    }
}
