using System.Globalization;

namespace Homelette.Bench.ChatLoad;

/// <summary>
/// Resident memory and CPU time of another process on this machine, from Linux's /proc/&lt;pid&gt;/status (VmRSS)
/// and /proc/&lt;pid&gt;/stat (utime + stime).
/// </summary>
internal static class ServerProcess
{
    /// <summary>USER_HZ: the unit of utime and stime; 100 on Linux for every common architecture.</summary>
    private const double ClockTicksPerSecond = 100;

    /// <summary>User + system CPU seconds the process has used so far, or null.</summary>
    public static double? CpuSeconds(int? pid)
    {
        if (pid is null)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
            // state is field 3, utime field 14, stime field 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture)
                + long.Parse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>VmRSS in kB, or null when there is no such process or no /proc.</summary>
    public static long? ResidentKilobytes(int? pid)
    {
        if (pid is null)
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var value = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
