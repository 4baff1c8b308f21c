using Sluice.Storage.Rows;

namespace Sluice.Operators.Dedup;

/// <summary>Reading a document's text, id and key from a row without throwing on rows that lack them or hold other types.</summary>
internal static class DedupRows
{
    /// <summary>The column's string value, or null when it is missing, null or not a string.</summary>
    public static string? StringOf(Row row, string column) => row.TryGetValue(column, out var value) && value is string s ? s : null;

    /// <summary>The column's value as text (numbers and strings alike), or null when missing or null.</summary>
    public static string? KeyOf(Row row, string? column) =>
        column is not null && row.TryGetValue(column, out var value) && value is not null ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
