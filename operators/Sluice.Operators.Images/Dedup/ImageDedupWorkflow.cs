using System.Text.Json;
using Sluice.Operators.Dedup;
using Sluice.Operators.Images.Imaging;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Exchange;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Operators.Images.Dedup;

/// <summary>
/// Image dedup across every shard of a dataset, as workflow stages before the stage that uses the images:
/// <c>image-keys</c> prepares the images and sends each one's uuid and pHash bands through the exchange;
/// <c>image-uuids</c> keeps the first image of each uuid (in input order); <c>image-pairs</c> compares the images that
/// share a band (pigeonhole: two 64-bit hashes within d bits agree on one of d + 1 bands) and the
/// <c>image-components</c> step (rank 0) keeps the first image of each group of perceptual duplicates. A later stage
/// reads the same input, prepares it the same way and calls <c>DropRemoved(await ImageDedupWorkflow.RemovalsAsync(options, ct))</c>.
/// Within-unit <c>DedupImages</c> stays useful before an expensive step; this catches what crosses units.
/// </summary>
public static class ImageDedupWorkflow
{
    /// <summary>Adds the image dedup stages; <paramref name="images"/> declares the prepared images (source and <c>PrepareImages</c>).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names the field.</exception>
    public static Workflow AddImageDedupStages(this Workflow workflow, Func<PipelineBuilder, Flow<PreparedImage>> images, ImageDedupOptions options)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var paths = new Paths(options.Work);
        workflow = workflow.Stage("image-keys", () =>
        {
            var builder = Pipeline.Create("image-keys");
            var keyed = images(builder).MapWithOrigin((image, origin) => (Origin: origin, image.Uuid, Hash: unchecked((ulong)image.PerceptualHash)), "image-origin");
            if (options.ByUuid)
                keyed.Map(k => new ContentKey(k.Uuid, k.Origin.Unit, k.Origin.Position, k.Uuid), "uuid-key").WritePartitioned(paths.Uuids, k => k.Key, options.Partitions);
            keyed.FlatMap(k => Bands(k.Hash, options.MaxDistance).Select(b => new HashBandEntry(b.Band, b.Chunk, k.Hash, k.Origin.Unit, k.Origin.Position, k.Uuid)), "phash-bands")
                .WritePartitionedByHash(paths.Bands, e => Partitioning.Hash($"{e.Band}:{e.Chunk}"), options.Partitions);
            return builder.Build();
        });
        if (options.ByUuid)
            workflow = workflow.Stage("image-uuids", () => Pipeline.Create("image-uuids")
                .ReadGroups<ContentKey, string>(paths.Uuids, k => k.Key, StringComparer.Ordinal)
                .FlatMap(m => m.Index == 0 ? [] : new[] { new Removal(m.Record.Unit, m.Record.Position, m.Record.Id, m.First.Unit, m.First.Position, m.First.Id, "exact-key", 1, "same uuid") }, "keep-first")
                .WriteJsonl(paths.UuidRemovals, Compression.Zstd).Build());
        return workflow
            .Stage("image-pairs", () => Pipeline.Create("image-pairs")
                .ReadGroups<HashBandEntry, (int, ulong, RecordOrigin)>(paths.Bands, e => (e.Band, e.Chunk, new RecordOrigin(e.Unit, e.Position)))
                .Aggregate(_ => new BandBucketPairs(options.MaxDistance), "bucket-pairs")
                .WriteJsonl(paths.Pairs, Compression.Zstd).Build())
            .Step("image-components", ct => ComponentsAsync(options, paths, ct));
    }

    /// <summary>The removals the stages listed (uuid first, then perceptual), for <c>DropRemoved</c> in the stage that follows them.</summary>
    public static Task<RemovalSet> RemovalsAsync(ImageDedupOptions options, CancellationToken ct)
    {
        var paths = new Paths(options.Work);
        return RemovalSet.LoadAsync(options.ByUuid ? [paths.UuidRemovals, paths.PhashRemovals] : [paths.PhashRemovals], ct);
    }

    // d + 1 bands of the 64 bits, as even as possible.
    private static IEnumerable<(int Band, ulong Chunk)> Bands(ulong hash, int maxDistance)
    {
        var bands = maxDistance + 1;
        for (var b = 0; b < bands; b++)
        {
            int start = b * 64 / bands, end = (b + 1) * 64 / bands;
            var width = end - start;
            var mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
            yield return (b, (hash >> start) & mask);
        }
    }

    private static async Task ComponentsAsync(ImageDedupOptions options, Paths paths, CancellationToken ct)
    {
        var components = new DuplicateComponents(options.MaxCandidateImages);
        var hashes = new Dictionary<RecordOrigin, ulong>();
        await foreach (var pair in DatasetReader.ReadAsync<HashPair>(paths.Pairs, ct))
        {
            components.Add(new DuplicatePair(pair.FirstUnit, pair.FirstPosition, pair.FirstUuid, pair.Unit, pair.Position, pair.Uuid));
            hashes[new RecordOrigin(pair.FirstUnit, pair.FirstPosition)] = pair.FirstHash;
            hashes[new RecordOrigin(pair.Unit, pair.Position)] = pair.Hash;
        }
        var detail = $"pHash within {options.MaxDistance} bits, across the whole dataset";
        using var buffer = new MemoryStream();
        foreach (var r in components.Removals())
        {
            var distance = PerceptualHash.Distance(hashes[r.RemovedOrigin], hashes[r.KeptOrigin]);
            JsonSerializer.Serialize(buffer, new Removal(r.RemovedOrigin.Unit, r.RemovedOrigin.Position, r.RemovedId, r.KeptOrigin.Unit,
                r.KeptOrigin.Position, r.KeptId, "phash", distance, detail), SluiceJson.Options);
            buffer.WriteByte((byte)'\n');
        }
        using var store = ObjectStores.Open(paths.PhashRemovals);
        await store.PutAsync("removals.jsonl", buffer.ToArray(), ct: ct);
    }

    private sealed record Paths(string Work)
    {
        public string Uuids => ObjectStores.Join(Work, "image-uuids");
        public string UuidRemovals => ObjectStores.Join(Work, "image-uuid-removals");
        public string Bands => ObjectStores.Join(Work, "image-bands");
        public string Pairs => ObjectStores.Join(Work, "image-pairs");
        public string PhashRemovals => ObjectStores.Join(Work, "image-phash-removals");
    }
}
