using System.Diagnostics;
using System.Globalization;
using Homelette.Domain.Users;
using Microsoft.AspNetCore.Identity;
using static System.FormattableString;

namespace Homelette.Bench.Baseline;

/// <summary>
/// The login ceiling of scenario 4: one thread checks a password in a loop for the given seconds, after a short
/// warm-up, with the hasher the WebApi wraps (ASP.NET Core Identity's PBKDF2 <see cref="PasswordHasher{TUser}"/>,
/// default settings). Cores ÷ the time of one check is the most logins per second the machine could do if it did
/// nothing else. The same loop on every core at once follows, for what the cores really give together.
/// </summary>
internal static class PasswordCeiling
{
    public static int Run(string[] args)
    {
        var seconds = args.Length > 0 && double.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 5;
        var hasher = new PasswordHasher<User>();
        const string Password = "bench-password-1";
        var hash = hasher.HashPassword(null!, Password);
        for (var i = 0; i < 3; i++)
        {
            hasher.VerifyHashedPassword(null!, hash, Password);
        }

        var checks = 0;
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            hasher.VerifyHashedPassword(null!, hash, Password);
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
                hasher.VerifyHashedPassword(null!, hash, Password);
                Interlocked.Increment(ref parallelChecks);
            }
        });
        var parallelPerSecond = parallelChecks / Stopwatch.GetElapsedTime(parallelStarted).TotalSeconds;
        Console.WriteLine(Invariant(
            $"RESULT checks={checks} ms_per_check={perCheck:0.000} cpu_ms_per_check={cpu / checks:0.000} cores={cores} ceiling_per_s={cores * 1000 / perCheck:0.0} parallel_per_s={parallelPerSecond:0.0}"));
        return 0;
    }
}
