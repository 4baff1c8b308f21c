using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Exchange;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Dedup;

/// <summary>
/// MinHash-LSH near-duplicate dedup as DataTrove's four stages (datatrove <c>pipeline/dedup/minhash.py</c>):
/// <c>minhash-bands</c> signs each document not already removed (<see cref="MinHashSigner"/>) and sends its b band keys
/// through the exchange, keeping the full signature aside; <c>minhash-pairs</c> sorts each partition by (band, key) and
/// pairs every document of a bucket with the bucket's first; the <c>minhash-components</c> step (rank 0) joins pairs into
/// connected components and removes all but each component's first document in input order, with the estimated
/// Jaccard between the removed and the kept document's signatures. A document with no words has no signature and is
/// never a near-duplicate.
/// </summary>
internal static class MinHashDedupStages
{
    public static Workflow Add(Workflow workflow, DedupOptions options, DedupPaths paths, IReadOnlyList<string> earlierRemovals)
    {
        var m = options.MinHash;
        var detail = $"MinHash-LSH, {m.Bands} bands x {m.RowsPerBand} rows over word {m.ShingleWords}-grams";
        return workflow
            .Stage("minhash-bands", async ct =>
            {
                var removed = await RemovalSet.LoadAsync(earlierRemovals, ct);
                var signer = new MinHashSigner(m);
                var builder = Pipeline.Create("minhash-bands");
                var signed = builder.ReadJsonl<Row>(options.Input)
                    .MapWithOrigin((row, origin) => removed.Of(origin) is null ? Sign(signer, row, origin, options) : null, "minhash-sign")
                    .FlatMap(s => s is null ? [] : new[] { s }, "has-words");
                signed.FlatMap(s => Bands(s, m), "lsh-bands").WritePartitionedByHash(paths.Bands, BucketHash, options.Partitions);
                signed.WriteJsonl(paths.Signatures, Compression.Zstd);
                return builder.Build();
            })
            .Stage("minhash-pairs", () => Pipeline.Create("minhash-pairs")
                .ReadGroups<BandEntry, (int, ulong)>(paths.Bands, e => (e.Band, e.Key), null, options.SortBufferBytes)
                .FlatMap(g => g.Index == 0 ? [] : new[] { new DuplicatePair(g.First.Unit, g.First.Position, g.First.Id, g.Record.Unit, g.Record.Position, g.Record.Id) }, "bucket-pairs")
                .WriteJsonl(paths.Pairs, Compression.Zstd).Build())
            .Step("minhash-components", ct => ComponentsAsync(options, paths, detail, ct));
    }

    private static DocumentSignature? Sign(MinHashSigner signer, Row row, RecordOrigin origin, DedupOptions options) =>
        signer.Sign(DedupRows.StringOf(row, options.TextColumn) ?? "") is { } values
            ? new DocumentSignature(origin.Unit, origin.Position, DedupRows.KeyOf(row, options.IdColumn), values)
            : null;

    private static IEnumerable<BandEntry> Bands(DocumentSignature s, MinHashOptions m)
    {
        for (var band = 0; band < m.Bands; band++)
            yield return new BandEntry(band, MinHashSigner.BandKey(s.Values, band, m.RowsPerBand), s.Unit, s.Position, s.Id);
    }

    // A bucket is (band, key): both pick the partition, so equal keys of different bands spread.
    private static ulong BucketHash(BandEntry e)
    {
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, e.Band);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[4..], e.Key);
        return XxHash3.HashToUInt64(bytes);
    }

    private static async Task ComponentsAsync(DedupOptions options, DedupPaths paths, string detail, CancellationToken ct)
    {
        var components = new DuplicateComponents(options.MaxCandidateDocuments);
        await foreach (var pair in DatasetReader.ReadAsync<DuplicatePair>(paths.Pairs, ct)) components.Add(pair);
        // Only the signatures of documents in pairs are kept: they give the similarity each removal reports.
        var signatures = new ulong[components.Count][];
        await foreach (var s in DatasetReader.ReadAsync<DocumentSignature>(paths.Signatures, ct))
            if (components.IndexOf(new RecordOrigin(s.Unit, s.Position)) is var i and >= 0) signatures[i] = s.Values;
        using var buffer = new MemoryStream();
        foreach (var r in components.Removals())
        {
            var similarity = signatures[r.Removed] is { } a && signatures[r.Kept] is { } b ? MinHashSigner.EstimateJaccard(a, b) : double.NaN;
            var removal = new Removal(r.RemovedOrigin.Unit, r.RemovedOrigin.Position, r.RemovedId, r.KeptOrigin.Unit, r.KeptOrigin.Position, r.KeptId,
                "minhash", Math.Round(similarity, 4), detail);
            JsonSerializer.Serialize(buffer, removal, SluiceJson.Options);
            buffer.WriteByte((byte)'\n');
        }
        // One object, replaced whole: running the step again after a kill writes the same list.
        using var store = ObjectStores.Open(paths.MinHashRemovals);
        await store.PutAsync("removals.jsonl", buffer.ToArray(), ct: ct);
    }
}
