using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Exchange;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Shuffle;

/// <summary>
/// A seeded global shuffle as workflow stages, the Memory Layers recipe (<see cref="ShuffleOptions"/>): every record is
/// keyed by a seeded hash of its content and sent through the exchange by key range (<c>shuffle-keys</c>); each range is
/// sorted on disk and each record's line in the global order is its range's offset plus its place in the range
/// (<c>shuffle-rank</c>), which decides its chunk, its line there and whether it is held out; a stage per chunk
/// (<c>shuffle-chunk-00</c>, …) and <c>shuffle-val</c> write the slices of the ranked exchange as plain JSONL datasets
/// in order, and the <c>shuffle-counts</c> step checks and records the counts. Every stage commits and resumes like
/// any other; the output depends on the input's content and the seed only, not on ranks or work units.
/// </summary>
public static class GlobalShuffleWorkflow
{
    /// <summary>The name of chunk <paramref name="chunk"/>'s dataset under the output, as the reference names its files: <c>chunk.07</c>.</summary>
    public static string ChunkName(int chunk) => $"chunk.{chunk:D2}";

    /// <summary>The held-out dataset's name under the output (the reference's validation file).</summary>
    public const string HeldOutName = "val";

    /// <summary>Adds the shuffle's stages for JSONL records read as <see cref="Row"/>s (any columns, written unchanged).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names the field.</exception>
    public static Workflow AddGlobalShuffleStages(this Workflow workflow, ShuffleOptions options) => workflow.AddGlobalShuffleStages<Row>(options);

    /// <summary>Adds the shuffle's stages for JSONL records read as <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names the field.</exception>
    public static Workflow AddGlobalShuffleStages<T>(this Workflow workflow, ShuffleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var keyed = ObjectStores.Join(options.Work, "shuffle-keyed");
        var ranked = ObjectStores.Join(options.Work, "shuffle-ranked");
        workflow = workflow
            .Stage("shuffle-keys", () => Pipeline.Create("shuffle-keys").ReadJsonl<T>(options.Input)
                .Map(r => ShuffleKey<T>.Of(r, options.Seed), "shuffle-key")
                .WritePartitionedByHash(keyed, k => k.Hi, options.Partitions, options.ExchangeCompression).Build())
            .Stage("shuffle-rank", async ct =>
            {
                var rows = await RowsPerPartitionAsync(keyed, ct);
                var layout = LayoutOf(rows.Sum(), options);
                var offsets = new long[rows.Length];
                for (var p = 1; p < rows.Length; p++) offsets[p] = offsets[p - 1] + rows[p - 1];
                return Pipeline.Create("shuffle-rank")
                    .ReadGroups<ShuffleKey<T>, UInt128>(keyed, k => k.Key(), sortBufferBytes: options.SortBufferBytes)
                    .MapWithOrigin((m, origin) =>
                    {
                        // The source numbers a partition's records in key order, so the position is the place in the range.
                        var line = offsets[Partitioning.Of(m.Record.Hi, options.Partitions)] + origin.Position;
                        return new RankedLine<T>(layout.SliceOf(line), m.Record.Record);
                    }, "shuffle-rank")
                    .WritePartitionedByHash(ranked, l => layout.HashOfSlice(l.Slice), layout.Slices, options.ExchangeCompression).Build();
            });
        // Slice numbers depend on the chunk count and units per chunk only, not on the total the ranking stage reads.
        var slicing = LayoutOf(0, options);
        for (var c = 0; c < options.Chunks; c++)
        {
            var chunk = c;
            workflow = workflow.Stage($"shuffle-chunk-{chunk:D2}", () => WriteSlices<T>(
                $"shuffle-chunk-{chunk:D2}", ranked, [.. slicing.ChunkSlices(chunk)], ObjectStores.Join(options.Output, ChunkName(chunk)), options));
        }
        return workflow
            .Stage("shuffle-val", () => WriteSlices<T>("shuffle-val", ranked,
                [.. Enumerable.Range(0, options.Chunks).Select(slicing.HeldOutSlice)], ObjectStores.Join(options.Output, HeldOutName), options))
            .Step("shuffle-counts", ct => WriteCountsAsync(keyed, options, ct));
    }

    private static ChunkLayout LayoutOf(long total, ShuffleOptions options) =>
        new(total, options.Chunks, options.HeldOutPerChunk, options.UnitsPerChunk);

    private static Pipeline WriteSlices<T>(string name, string ranked, int[] slices, string output, ShuffleOptions options) =>
        Pipeline.Create(name).Read(new PartitionSubsetSource<RankedLine<T>>(ranked, slices))
            .Map(l => l.Record, "unwrap")
            .WriteJsonl(output, options.Compression).Build();

    private static async Task<long[]> RowsPerPartitionAsync(string uri, CancellationToken ct)
    {
        var manifest = await ManifestAsync(uri, ct);
        var partitions = int.Parse(manifest.Metadata?["partitions"] ?? throw new InvalidDataException($"{uri} does not say its partition count"));
        var rows = new long[partitions];
        foreach (var shard in manifest.Shards) rows[shard.Partition!.Value] += shard.Rows;
        return rows;
    }

    private static async Task<DatasetManifest> ManifestAsync(string uri, CancellationToken ct)
    {
        using var store = ObjectStores.Open(uri);
        return await RunObjects.ReadAsync<DatasetManifest>(store, DatasetManifest.FileName, ct);
    }

    private static async Task WriteCountsAsync(string keyed, ShuffleOptions options, CancellationToken ct)
    {
        var layout = LayoutOf((await RowsPerPartitionAsync(keyed, ct)).Sum(), options);
        var names = Enumerable.Range(0, options.Chunks).Select(ChunkName).ToArray();
        var chunkLines = new long[options.Chunks];
        var heldOut = new long[options.Chunks];
        for (var c = 0; c < options.Chunks; c++)
        {
            chunkLines[c] = (await ManifestAsync(ObjectStores.Join(options.Output, names[c]), ct)).Rows;
            heldOut[c] = layout.HeldOutIn(c);
            if (chunkLines[c] != layout.LinesIn(c) - heldOut[c])
                throw new InvalidDataException($"{names[c]} holds {chunkLines[c]} lines; the layout of {layout.Total} lines gives it {layout.LinesIn(c) - heldOut[c]}");
        }
        var val = (await ManifestAsync(ObjectStores.Join(options.Output, HeldOutName), ct)).Rows;
        if (val != heldOut.Sum()) throw new InvalidDataException($"{HeldOutName} holds {val} lines, not the {heldOut.Sum()} held out");
        var counts = new ShuffleCounts(options.Seed, layout.Total, names, chunkLines, heldOut);
        using var store = ObjectStores.Open(options.Output);
        await store.PutAsync(ShuffleCounts.FileName, JsonSerializer.SerializeToUtf8Bytes(counts, SluiceJson.Options), ct: ct);
    }
}
