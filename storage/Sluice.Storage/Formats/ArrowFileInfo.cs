namespace Sluice.Storage.Formats;

/// <summary>What <see cref="ArrowFormat.InspectAsync"/> found in an Arrow IPC file or stream.</summary>
/// <param name="IsFileFormat">True for the IPC file format (<c>ARROW1</c>), false for the stream format.</param>
/// <param name="Columns">One <c>"name: type"</c> line per top-level field.</param>
/// <param name="RecordBatchCount">Number of record batches.</param>
/// <param name="RowCount">Total rows over all batches.</param>
/// <param name="Metadata">Schema-level key/value metadata (empty when none).</param>
public sealed record ArrowFileInfo(
    bool IsFileFormat,
    IReadOnlyList<string> Columns,
    int RecordBatchCount,
    long RowCount,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The Arrow schema, for checking a record type against it before reading.</summary>
    public Apache.Arrow.Schema? Schema { get; init; }
}
