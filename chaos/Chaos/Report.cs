using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Homelette.Chaos;

/// <summary>
/// The run's figures and verdicts: printed as they come, and written to &lt;out&gt;/report.md at the end. Times are
/// seconds since the fault started (<see cref="Now"/>).
/// </summary>
internal static class Report
{
    private static readonly Lock Gate = new();
    private static readonly StringBuilder Markdown = new();
    private static long _origin = Stopwatch.GetTimestamp();

    public static int Failed { get; private set; }

    /// <summary>Seconds since <see cref="Restart"/>.</summary>
    public static double Now => Stopwatch.GetElapsedTime(_origin).TotalSeconds;

    public static void Restart() => _origin = Stopwatch.GetTimestamp();

    public static void Heading(string text) => Write($"\n## {text}\n");

    public static void Line(string text) => Write(string.Create(CultureInfo.InvariantCulture, $"[chaos {Now,7:0.0}] {text}"));

    /// <summary>A figure the fault prints (the issue: requests made, acknowledged, lost, duplicated, errors and when).</summary>
    public static void Figure(string name, object value) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"- {name}: {value}"));

    /// <summary>One of the fault's goals: met or not, with the figure that decides it.</summary>
    public static void Check(string goal, bool met, string figure)
    {
        if (!met)
        {
            Failed++;
        }

        Write($"- [{(met ? "met" : "FAILED")}] {goal}: {figure}");
    }

    public static void Save(string file)
    {
        lock (Gate)
        {
            File.WriteAllText(file, Markdown.ToString());
        }
    }

    private static void Write(string text)
    {
        lock (Gate)
        {
            Console.WriteLine(text);
            Markdown.AppendLine(text);
        }
    }
}

/// <summary>Summaries of timed attempts.</summary>
internal static class Stats
{
    public static string Seconds(double? value) => value is null ? "none" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} s");

    public static string Milliseconds(IEnumerable<TimeSpan> values, double quantile)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)]:0} ms");
    }

    /// <summary>The slowest few attempts: what they ended in, and when they started and ended.</summary>
    public static string Slowest(IEnumerable<Attempt> attempts, int count = 3) =>
        string.Join("; ", attempts.OrderByDescending(a => a.Seconds).Take(count)
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Error ?? "ok"} from {a.At:0.0} s to {a.End:0.0} s")));

    public static string Counts<T>(IEnumerable<T> keys)
        where T : notnull =>
        string.Join(", ", keys.GroupBy(k => k).OrderByDescending(g => g.Count()).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ×{g.Count()}")));
}
