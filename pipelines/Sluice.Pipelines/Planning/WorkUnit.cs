namespace Sluice.Pipelines.Planning;

/// <summary>
/// One piece of input a run processes as a whole: a file, a byte range of a JSONL file, a range of Parquet row
/// groups or of Arrow record batches. Units are the grain of rank assignment, commits and resume.
/// </summary>
/// <param name="Id">Stable id within a plan (<c>u000012</c>); used in output names.</param>
/// <param name="Source">Index of the source node in the pipeline that planned it.</param>
/// <param name="Uri">Full URI of the input object.</param>
/// <param name="Start">First byte, row group or record batch (by <paramref name="Kind"/>).</param>
/// <param name="End">One past the last byte, row group or record batch.</param>
/// <param name="SizeBytes">Estimated input bytes, used to balance ranks.</param>
/// <param name="Kind">What <paramref name="Start"/> and <paramref name="End"/> count.</param>
/// <param name="Fingerprint">The input object's ETag or size and mtime when planned.</param>
public sealed record WorkUnit(string Id, int Source, string Uri, long Start, long End, long SizeBytes, UnitKind Kind, string Fingerprint)
{
    /// <summary>Short human description: <c>u000003 file.jsonl[0..134217728)</c>.</summary>
    public override string ToString() =>
        Kind == UnitKind.WholeFile ? $"{Id} {Uri}" : $"{Id} {Uri}[{Start}..{End}) {Kind}";
}

/// <summary>What a <see cref="WorkUnit"/>'s range counts.</summary>
public enum UnitKind
{
    /// <summary>The whole object.</summary>
    WholeFile,
    /// <summary>A byte range aligned to line boundaries when read.</summary>
    ByteRange,
    /// <summary>A range of Parquet row groups.</summary>
    RowGroups,
    /// <summary>A range of Arrow IPC record batches.</summary>
    RecordBatches,
    /// <summary>One partition of a partitioned dataset (<c>Start</c> is the partition): all its shards, from every unit that wrote it.</summary>
    Partition,
}
