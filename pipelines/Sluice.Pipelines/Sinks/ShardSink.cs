using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Sinks;

/// <summary>
/// Base of the file sinks: each unit writes its own shards, <c>PREFIX-UNIT-ATTEMPT-NNNN.EXT</c> (and
/// <c>PREFIX-PPPPP-UNIT-ATTEMPT-NNNN.EXT</c> per partition P under a <see cref="Exchange.PartitionedSink{T}"/>), rolled by rows or
/// bytes, each with its SHA-256. The manifest lists exactly the committed shards; a new manifest replaces an
/// older one and deletes the shards only the older one listed, if they bear this sink's shard names: whatever
/// else an older manifest lists is left alone.
/// </summary>
public abstract class ShardSink<T> : IRecordSink<T>
{
    private readonly Lazy<IObjectStore> _store;
    private readonly Lazy<Regex> _shardName;

    /// <summary>A sink writing under <paramref name="outputUri"/>.</summary>
    protected ShardSink(string outputUri, ShardSinkOptions? options)
    {
        OutputUri = outputUri.TrimEnd('/');
        Options = options ?? new ShardSinkOptions();
        _store = new Lazy<IObjectStore>(() => ObjectStores.Open(OutputUri));
        // Built on first use: Extension may depend on a derived class's constructor.
        _shardName = new Lazy<Regex>(() => new Regex(
            $@"^{Regex.Escape(Options.Prefix)}(-[0-9]{{5}})?-{RunIds.UnitPattern}-{RunIds.AttemptPattern}-[0-9]{{4,}}{Regex.Escape(Extension)}\z", RegexOptions.CultureInvariant));
    }

    /// <inheritdoc />
    public string OutputUri { get; }

    /// <summary>Shard rolling and naming.</summary>
    public ShardSinkOptions Options { get; }

    /// <summary>The format's name in the manifest (jsonl, parquet, arrow).</summary>
    protected abstract string Format { get; }

    /// <summary>The shard file extension, with its dot.</summary>
    protected abstract string Extension { get; }

    /// <inheritdoc />
    public IObjectStore Outputs => _store.Value;

    internal IObjectStore Store => _store.Value;

    /// <inheritdoc />
    public string Describe() => $"{Format} {OutputUri}";

    /// <summary>Starts a format writer over an open shard stream; disposing/completing it must flush but not close <paramref name="output"/>.</summary>
    protected abstract IShardFormatWriter<T> CreateWriter(Stream output);

    internal ISinkUnitWriter<T> OpenPartition(WorkUnit unit, string attempt, int partition) =>
        new ShardUnitWriter<T>(this, unit, attempt, CreateWriter, partition);

    /// <inheritdoc />
    public bool CanCheckpoint => true;

    /// <inheritdoc />
    public ISinkUnitWriter<T> OpenUnit(WorkUnit unit, string attempt) =>
        new ShardUnitWriter<T>(this, unit, attempt, CreateWriter);

    internal string ShardKey(WorkUnit unit, string attempt, int shard, int? partition = null) =>
        partition is { } p ? $"{Options.Prefix}-{p:D5}-{unit.Id}-{attempt}-{shard:D4}{Extension}" : $"{Options.Prefix}-{unit.Id}-{attempt}-{shard:D4}{Extension}";

    /// <summary>True only for this sink's shard names, <c>PREFIX[-PPPPP]-UNIT-ATTEMPT-NNNN.EXT</c>, directly under its output.</summary>
    public bool OwnsKey(string key) => _shardName.Value.IsMatch(key);

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">An older <c>_manifest.json</c> there is broken; the message names it and the field.</exception>
    public async Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct)
    {
        var previous = await ReadManifestAsync(ct);
        // Stable by unit: a unit's shards keep their commit order, which is input order even when attempts resumed
        // one another (their keys carry different attempt ids).
        var ordered = outputs.OrderBy(o => o.Unit, StringComparer.Ordinal).ToArray();
        // A re-run of a completed run finds the same manifest: leave it (and its date) as it is.
        if (previous is not null && SameContent(previous, ordered)) return;
        var manifest = new DatasetManifest(pipeline, Format, ordered.Sum(o => o.Rows), ordered.Sum(o => o.Bytes), ordered, Options.Metadata, DateTimeOffset.UtcNow);
        await Store.PutAsync(DatasetManifest.FileName, JsonSerializer.SerializeToUtf8Bytes(manifest, SluiceJson.Options), ct: ct);
        if (previous is null) return;
        var keep = ordered.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        // The older manifest is data anyone may have written: only this sink's own shard names are ever deleted.
        foreach (var old in previous.Shards.Where(s => !keep.Contains(s.Key) && OwnsKey(s.Key))) await Store.DeleteAsync(old.Key, ct);
    }

    private bool SameContent(DatasetManifest previous, IReadOnlyList<SinkOutput> outputs) =>
        previous.Format == Format
        && previous.Shards.SequenceEqual(outputs)
        && (previous.Metadata ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .SequenceEqual((Options.Metadata ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal));

    private async Task<DatasetManifest?> ReadManifestAsync(CancellationToken ct) =>
        await Store.StatAsync(DatasetManifest.FileName, ct) is null ? null : await RunObjects.ReadAsync<DatasetManifest>(Store, DatasetManifest.FileName, ct);
}

/// <summary>A format's writer for one shard.</summary>
public interface IShardFormatWriter<T>
{
    /// <summary>Appends records.</summary>
    ValueTask WriteAsync(IReadOnlyList<T> records, CancellationToken ct);

    /// <summary>Finishes the shard (footer, compressor end) without closing the underlying stream.</summary>
    ValueTask CompleteAsync(CancellationToken ct);

    /// <summary>False when <paramref name="records"/> cannot go into the open shard (rows whose columns or types no
    /// longer fit the schema the shard's first rows fixed): the unit writer then starts a new shard for them.</summary>
    bool Accepts(IReadOnlyList<T> records) => true;
}
