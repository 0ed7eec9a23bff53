using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Homelette.Infrastructure.Identity;

/// <summary>
/// A few dedicated threads, one per core, that run CPU-heavy work (password hashing) at a lower scheduling priority
/// than the rest of the process. Under contention the operating system runs request threads first, so a flood of
/// sign-ins cannot slow searches and chat down; when the machine is otherwise idle, the work still gets every core.
/// </summary>
/// <remarks>
/// <see cref="Thread.Priority"/> does nothing on Linux (dotnet/runtime#91165), so there each thread raises its own
/// nice value with <c>setpriority(2)</c>, which Linux applies to the calling thread only. Lowering a priority needs
/// no privilege; raising it back would, so the threads are dedicated and keep it for their lifetime.
/// </remarks>
internal sealed partial class LowPriorityWorkers : IDisposable
{
    /// <summary>
    /// Linux nice value of the workers: the lowest. The scheduler weighs a nice-19 thread 15 against a nice-0 thread's
    /// 1024, so a request that becomes runnable preempts hashing almost at once.
    /// </summary>
    internal const int Nice = 19;

    private const int PrioProcess = 0;

    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread[] _threads;
    private readonly ILogger _logger;

    public LowPriorityWorkers(ILogger<LowPriorityWorkers> logger)
        : this(Environment.ProcessorCount, logger)
    {
    }

    internal LowPriorityWorkers(int threads, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"low-priority-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>
    /// Queues the work; the task completes with its result. A caller that gives up (its token is cancelled) gets a
    /// cancelled task at once, and the work is skipped if no worker has started it yet.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(() => result.TrySetCanceled(cancellationToken));
        try
        {
            // Unbounded, so Add never blocks (the sign-in endpoints' concurrency limit bounds what waits here).
            _queue.Add(Run, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            registration.Dispose();
            return Task.FromException<T>(new ObjectDisposedException(nameof(LowPriorityWorkers)));
        }

        return result.Task;

        void Run()
        {
            registration.Dispose();
            if (result.Task.IsCompleted)
            {
                return; // the caller gave up while it waited
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
        var stopped = true;
        foreach (var thread in _threads)
        {
            stopped &= thread.Join(TimeSpan.FromSeconds(5));
        }

        // A worker still busy after 5 s keeps the queue it reads; it ends with the process.
        if (stopped)
        {
            _queue.Dispose();
        }
    }

    private void Work()
    {
        LowerOwnPriority();
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            item();
        }
    }

    private void LowerOwnPriority()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // who = 0 with PRIO_PROCESS: the calling thread (Linux keeps the nice value per thread).
                if (SetPriority(PrioProcess, 0, Nice) != 0)
                {
                    LogNotLowered(_logger, Marshal.GetLastPInvokeError());
                }
            }
            else
            {
                Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or PlatformNotSupportedException)
        {
            // Best effort: the work still runs, at normal priority.
            LogNotLowered(_logger, -1);
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not lower the priority of a password-hashing thread (errno {Errno}); it runs at normal priority")]
    private static partial void LogNotLowered(ILogger logger, int errno);
}
