using Apache.Arrow.Types;

namespace Sluice.Storage.Rows;

/// <summary>Row date and time values as the integer Arrow stores for a column's type and unit.</summary>
internal static class TemporalUnits
{
    private static readonly long s_epochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly int s_epochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>The stored integer: a raw <c>int</c>/<c>long</c> (a value read beyond .NET's range) as it is,
    /// otherwise the .NET value in the column's unit (finer digits than the unit are dropped).</summary>
    /// <exception cref="InvalidCastException">The value is not a date or time this column holds.</exception>
    public static long ToRaw(IArrowType type, object value, string column)
    {
        if (value is long l) return l;
        if (value is int n) return n;
        return type switch
        {
            TimestampType t => FromTicks(RowValues.Convert<DateTimeOffset>(value, column).UtcTicks - s_epochTicks, t.Unit),
            Date32Type => DayOf(value, column) - s_epochDay,
            Date64Type => checked((DayOf(value, column) - (long)s_epochDay) * 86_400_000L),
            Time32Type t => FromTicks(RowValues.Convert<TimeOnly>(value, column).Ticks, t.Unit),
            Time64Type t => FromTicks(RowValues.Convert<TimeOnly>(value, column).Ticks, t.Unit),
            DurationType d => FromTicks(RowValues.Convert<TimeSpan>(value, column).Ticks, d.Unit),
            _ => throw new InvalidCastException($"column '{column}' is not a date or time column"),
        };
    }

    /// <summary>The .NET value of a stored integer: <c>DateTimeOffset</c> (UTC) for timestamps, <c>DateOnly</c> for
    /// dates, <c>TimeOnly</c> for times of day, <c>TimeSpan</c> for durations, computed exactly from the integer (digits
    /// finer than 100 ns are dropped). A value outside .NET's range (years 1–9999; a date64 that is not a whole day)
    /// stays the integer, so nothing is lost and a write stores it back unchanged.</summary>
    public static object FromRaw(IArrowType type, long raw)
    {
        try
        {
            return type switch
            {
                TimestampType t => new DateTimeOffset(checked(s_epochTicks + ToTicks(raw, t.Unit)), TimeSpan.Zero),
                Date32Type => DateOnly.FromDayNumber(checked(s_epochDay + (int)raw)),
                Date64Type when raw % 86_400_000L == 0 => DateOnly.FromDayNumber(checked(s_epochDay + (int)(raw / 86_400_000L))),
                Time32Type t => new TimeOnly(ToTicks(raw, t.Unit)),
                Time64Type t => new TimeOnly(ToTicks(raw, t.Unit)),
                DurationType d => new TimeSpan(ToTicks(raw, d.Unit)),
                _ => raw,
            };
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            return raw;
        }
    }

    private static long ToTicks(long raw, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => checked(raw * TimeSpan.TicksPerSecond),
        TimeUnit.Millisecond => checked(raw * TimeSpan.TicksPerMillisecond),
        TimeUnit.Microsecond => checked(raw * TimeSpan.TicksPerMicrosecond),
        _ => raw / 100,
    };

    private static int DayOf(object value, string column) => value switch
    {
        DateOnly d => d.DayNumber,
        DateTimeOffset or DateTime => DateOnly.FromDateTime(RowValues.Convert<DateTime>(value, column)).DayNumber,
        _ => RowValues.Convert<DateOnly>(value, column).DayNumber,
    };

    private static long FromTicks(long ticks, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => Math.DivRem(ticks, TimeSpan.TicksPerSecond).Quotient,
        TimeUnit.Millisecond => Math.DivRem(ticks, TimeSpan.TicksPerMillisecond).Quotient,
        TimeUnit.Microsecond => Math.DivRem(ticks, TimeSpan.TicksPerMicrosecond).Quotient,
        _ => checked(ticks * 100),
    };
}
