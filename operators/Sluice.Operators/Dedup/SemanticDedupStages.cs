using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Sluice.Operators.Clustering;
using Sluice.Operators.Embedding;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Exchange;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Dedup;

/// <summary>
/// SemDeDup in four stages: <c>semantic-embed</c> embeds each document earlier methods kept; the <c>semantic-kmeans</c>
/// step (rank 0) fits spherical k-means (<see cref="MiniBatchCosineKMeans"/>) over the vectors; <c>semantic-assign</c>
/// gives each vector its nearest centroid and sends it through the exchange by cluster; <c>semantic-find</c> sorts each
/// cluster as <see cref="SemanticDuplicates"/> describes and lists the removals.
/// </summary>
internal static class SemanticDedupStages
{
    private const int KMeansBatch = 4096;

    public static Workflow Add(Workflow workflow, DedupOptions options, DedupPaths paths, IReadOnlyList<string> earlierRemovals)
    {
        var s = options.Semantic;
        return workflow
            .Stage("semantic-embed", async ct =>
            {
                var removed = await RemovalSet.LoadAsync(earlierRemovals, ct);
                var embedder = s.Embedder?.Invoke() ?? Embedders.MiniLM();
                return Pipeline.Create("semantic-embed").ReadJsonl<Row>(options.Input)
                    .MapWithOrigin((row, origin) => removed.Of(origin) is null && DedupText.Normalize(DedupRows.StringOf(row, options.TextColumn) ?? "").Length > 0
                        ? new[] { (Origin: origin, Id: DedupRows.KeyOf(row, options.IdColumn), Text: DedupRows.StringOf(row, options.TextColumn)!) } : [], "has-text")
                    .FlatMap(x => x, "documents")
                    .MapBatch<SemanticVector>(async (batch, ct) => await EmbedAsync(embedder, batch, ct), "embed", parallelism: 1)
                    .WriteArrowShards(paths.SemanticVectors).Build();
            })
            .Step("semantic-kmeans", ct => FitAsync(s, paths, ct))
            .Stage("semantic-assign", async ct =>
            {
                var centroids = await ReadCentroidsAsync(paths, ct);
                return Pipeline.Create("semantic-assign").ReadArrow<SemanticVector>(paths.SemanticVectors)
                    .Map(v => Assign(v, centroids), "nearest-centroid")
                    .WritePartitionedByHash(paths.SemanticClusters, m => (ulong)m.Cluster * 0x9E3779B97F4A7C15UL, options.Partitions).Build();
            })
            .Stage("semantic-find", () =>
            {
                var detail = $"SemDeDup, cosine >= {s.Threshold:0.###} within a k-means cluster";
                return Pipeline.Create("semantic-find")
                    .ReadGroups<ClusterMember, (int, double, RecordOrigin)>(paths.SemanticClusters,
                        m => (m.Cluster, -m.Distance, new RecordOrigin(m.Unit, m.Position)), null, options.SortBufferBytes)
                    .Aggregate(_ => new SemanticDuplicates(s.Threshold, detail), "semantic-duplicates")
                    .WriteJsonl(paths.SemanticRemovals, Compression.Zstd).Build();
            });
    }

    private static async Task<IReadOnlyList<SemanticVector>> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> embedder,
        IReadOnlyList<(RecordOrigin Origin, string? Id, string Text)> batch, CancellationToken ct)
    {
        var vectors = await embedder.GenerateAsync(batch.Select(d => d.Text), cancellationToken: ct);
        if (vectors.Count != batch.Count) throw new InvalidDataException($"the embedder returned {vectors.Count} vectors for {batch.Count} documents");
        return batch.Select((d, i) =>
        {
            var v = vectors[i].Vector.ToArray();
            CosineKMeans.NormalizeRows(v, v.Length);
            return new SemanticVector(d.Origin.Unit, d.Origin.Position, d.Id, v);
        }).ToArray();
    }

    // Mini-batch spherical k-means over the stored vectors, in manifest order (deterministic for the seed).
    private static async Task FitAsync(SemanticDedupOptions s, DedupPaths paths, CancellationToken ct)
    {
        using var store = ObjectStores.Open(paths.Centroids);
        var rows = (await ManifestAsync(paths.SemanticVectors, ct)).Rows;
        if (rows == 0)
        {
            await store.PutAsync(CentroidsKey, JsonSerializer.SerializeToUtf8Bytes(new Centroids(0, []), SluiceJson.Options), ct: ct);
            return;
        }
        // Clusters of about 100 documents or more: with k near the document count, duplicates would land in different
        // clusters and never be compared.
        var k = (int)Math.Max(1, Math.Min(s.Clusters, rows / 100));
        MiniBatchCosineKMeans? model = null;
        var batch = new List<float>();
        int dimension = 0, inBatch = 0, size = Math.Max(KMeansBatch, k);
        for (var epoch = 0; epoch < s.KMeansEpochs; epoch++)
        {
            await foreach (var v in DatasetReader.ReadAsync<SemanticVector>(paths.SemanticVectors, ct))
            {
                dimension = v.Vector.Length;
                batch.AddRange(v.Vector);
                if (++inBatch < size) continue;
                (model ??= new MiniBatchCosineKMeans(dimension, new CosineKMeansOptions { Clusters = k, Seed = s.Seed })).Update(batch.ToArray(), ct);
                batch.Clear();
                inBatch = 0;
            }
            // The last, partial batch of an epoch: the first batch of all when every vector fits in one.
            if (inBatch > 0 && (model is not null || inBatch >= k))
                (model ??= new MiniBatchCosineKMeans(dimension, new CosineKMeansOptions { Clusters = k, Seed = s.Seed })).Update(batch.ToArray(), ct);
            batch.Clear();
            inBatch = 0;
        }
        var centroids = model!.Centroids.ToArray();
        var rowsOf = Enumerable.Range(0, k).Select(c => centroids.AsSpan(c * dimension, dimension).ToArray()).ToArray();
        await store.PutAsync(CentroidsKey, JsonSerializer.SerializeToUtf8Bytes(new Centroids(dimension, rowsOf), SluiceJson.Options), ct: ct);
    }

    private const string CentroidsKey = "centroids.json";

    private sealed record Centroids(int Dimension, float[][] Rows);

    private static async Task<Centroids> ReadCentroidsAsync(DedupPaths paths, CancellationToken ct)
    {
        using var store = ObjectStores.Open(paths.Centroids);
        await using var stream = await store.OpenReadAsync(CentroidsKey, ct);
        return await JsonSerializer.DeserializeAsync<Centroids>(stream, SluiceJson.Options, ct)
            ?? throw new InvalidDataException($"{ObjectStores.Join(paths.Centroids, CentroidsKey)} is empty");
    }

    private static async Task<DatasetManifest> ManifestAsync(string uri, CancellationToken ct)
    {
        using var store = ObjectStores.Open(uri);
        await using var stream = await store.OpenReadAsync(DatasetManifest.FileName, ct);
        return await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, SluiceJson.Options, ct)
            ?? throw new InvalidDataException($"{ObjectStores.Join(uri, DatasetManifest.FileName)} is empty");
    }

    private static ClusterMember Assign(SemanticVector v, Centroids centroids)
    {
        var best = 0;
        var bestSimilarity = float.NegativeInfinity;
        for (var c = 0; c < centroids.Rows.Length; c++)
        {
            var similarity = TensorPrimitives.Dot<float>(centroids.Rows[c], v.Vector);
            if (similarity > bestSimilarity) (best, bestSimilarity) = (c, similarity);
        }
        return new ClusterMember(best, 1 - bestSimilarity, v.Unit, v.Position, v.Id, v.Vector);
    }
}
