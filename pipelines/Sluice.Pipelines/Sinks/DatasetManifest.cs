using Sluice.Pipelines.Contracts;

namespace Sluice.Pipelines.Sinks;

/// <summary>
/// <c>_manifest.json</c> of a Sluice dataset: exactly the committed shards, with their counts. Readers of a
/// dataset read this and nothing else.
/// </summary>
/// <param name="Pipeline">The pipeline that wrote it.</param>
/// <param name="Format">jsonl, parquet or arrow.</param>
/// <param name="Rows">Total records.</param>
/// <param name="Bytes">Total bytes.</param>
/// <param name="Shards">The shards, in unit order.</param>
/// <param name="Metadata">Format-specific facts (model, dimension, schema).</param>
/// <param name="Created">When it was written (UTC).</param>
public sealed record DatasetManifest(string Pipeline, string Format, long Rows, long Bytes, IReadOnlyList<SinkOutput> Shards,
    IReadOnlyDictionary<string, string>? Metadata, DateTimeOffset Created)
{
    /// <summary>The manifest's key in a dataset folder.</summary>
    public const string FileName = Commit.RunLayout.DatasetManifestKey;
}
