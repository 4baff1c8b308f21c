namespace Sluice.Storage.Formats;

/// <summary>What <see cref="ParquetFormat.InspectAsync"/> found in a Parquet file.</summary>
/// <param name="Columns">One <c>"path: type"</c> line per leaf column.</param>
/// <param name="RowGroupRows">Row count of each row group, in file order.</param>
/// <param name="RowCount">Total rows.</param>
/// <param name="Metadata">File-level key/value metadata (empty when none).</param>
public sealed record ParquetFileInfo(
    IReadOnlyList<string> Columns,
    IReadOnlyList<long> RowGroupRows,
    long RowCount,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Number of row groups.</summary>
    public int RowGroupCount => RowGroupRows.Count;

    /// <summary>The leaf columns as Parquet.Net reads them, for checking a record type against the file before reading.</summary>
    public IReadOnlyList<Parquet.Schema.DataField> Leaves { get; init; } = [];
}
