using System.Diagnostics;
using System.Globalization;
using Homelette.Infrastructure.Identity;
using static System.FormattableString;

namespace Homelette.Bench.Baseline;

/// <summary>
/// The login ceiling of scenario 4: one thread checks a password with the WebApi's own hasher (PBKDF2 through ASP.NET
/// Core Identity) in a loop for the given seconds, after a short warm-up. Cores ÷ the time of one check is the most
/// logins per second the machine could do if it did nothing else.
/// </summary>
internal static class PasswordCeiling
{
    public static int Run(string[] args)
    {
        var seconds = args.Length > 0 && double.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 5;
        var hasher = new PasswordHasher();
        const string Password = "bench-password-1";
        var hash = hasher.Hash(Password);
        for (var i = 0; i < 3; i++)
        {
            hasher.Verify(hash, Password);
        }

        var checks = 0;
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            hasher.Verify(hash, Password);
            checks++;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds;
        var perCheck = elapsed / checks;
        var cores = Environment.ProcessorCount;

        // The same loop on every core at once: what the cores really give together (two hardware threads of one
        // physical core, or a busy neighbour on a shared machine, give less than cores × one).
        var parallelChecks = 0;
        var parallelStarted = Stopwatch.GetTimestamp();
        Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, _ =>
        {
            while (Stopwatch.GetElapsedTime(parallelStarted).TotalSeconds < seconds)
            {
                hasher.Verify(hash, Password);
                Interlocked.Increment(ref parallelChecks);
            }
        });
        var parallelPerSecond = parallelChecks / Stopwatch.GetElapsedTime(parallelStarted).TotalSeconds;
        Console.WriteLine(Invariant(
            $"RESULT checks={checks} ms_per_check={perCheck:0.000} cpu_ms_per_check={cpu / checks:0.000} cores={cores} ceiling_per_s={cores * 1000 / perCheck:0.0} parallel_per_s={parallelPerSecond:0.0}"));
        return 0;
    }
}
