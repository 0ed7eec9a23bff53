using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Homelette.Infrastructure.Identity;

/// <summary>
/// A few dedicated threads, one per core, that run CPU-heavy work (password hashing) at a lower scheduling priority
/// than the rest of the process. Under contention the operating system runs request threads first, so a flood of
/// sign-ins cannot slow searches and chat down; when the machine is otherwise idle, the work still gets every core.
/// </summary>
/// <remarks>
/// <see cref="Thread.Priority"/> does nothing on Linux (dotnet/runtime#91165), so there the threads raise their own
/// nice value with <c>setpriority(2)</c>, which Linux applies per thread. Lowering a priority needs no privilege;
/// raising it back would, so the threads are dedicated and keep it for their lifetime.
/// </remarks>
internal sealed partial class LowPriorityWorkers : IDisposable
{
    /// <summary>
    /// Linux nice value of the workers: the lowest. The scheduler weighs a nice-19 thread 15 against a nice-0 thread's
    /// 1024, so a request that becomes runnable preempts hashing almost at once.
    /// </summary>
    internal const int Nice = 19;

    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread[] _threads;

    public LowPriorityWorkers()
        : this(Environment.ProcessorCount)
    {
    }

    internal LowPriorityWorkers(int threads)
    {
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"low-priority-{i}" };
            _threads[i].Start();
        }
    }

    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The queue is unbounded and never blocks (the sign-in endpoints' concurrency limit bounds what waits in it),
        // so Add takes no token; an item cancelled while it waited is dropped when its turn comes.
        _queue.Add(Run, CancellationToken.None);
        return result.Task;

        void Run()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                result.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                result.TrySetResult(work());
            }
            catch (Exception ex)
            {
                result.TrySetException(ex);
            }
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        _queue.Dispose();
    }

    private void Work()
    {
        LowerOwnPriority();
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            item();
        }
    }

    private static void LowerOwnPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            // PRIO_PROCESS with a thread id sets that one thread's nice value. Best effort: a failure leaves it at 0.
            _ = SetPriority(PrioProcess, GetThreadId(), Nice);
        }
        else
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        }
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
