namespace Homelette.Domain.Common;

public static class Clock
{
    /// <summary>
    /// Cuts a time to whole microseconds, what the database keeps, so that a value returned right after a write
    /// equals the one read back later.
    /// </summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time) =>
        time.AddTicks(-(time.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
}
