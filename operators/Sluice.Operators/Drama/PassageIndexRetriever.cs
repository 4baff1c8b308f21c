using Microsoft.Extensions.AI;
using Sluice.Operators.Search;

namespace Sluice.Operators.Drama;

/// <summary>
/// Candidate retrieval from a Sluice datastore loaded with <see cref="PassageIndex.LoadAsync"/>: queries are embedded
/// with the datastore's model, then searched exactly (inner product). Thread-safe.
/// </summary>
public sealed class PassageIndexRetriever : ICandidateRetriever
{
    private readonly PassageIndex _index;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly ExactSearchOptions? _search;

    /// <summary>Creates a retriever.</summary>
    /// <param name="index">The datastore in memory (load it with texts: candidates carry them).</param>
    /// <param name="embedder">The query embedder; it must be the model the datastore was embedded with.</param>
    /// <param name="search">Search threading; null means defaults.</param>
    /// <exception cref="InvalidOperationException">The datastore names another model or has another dimension.</exception>
    public PassageIndexRetriever(PassageIndex index, IEmbeddingGenerator<string, Embedding<float>> embedder, ExactSearchOptions? search = null)
    {
        _index = index;
        _embedder = embedder;
        _search = search;
        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();
        if (metadata?.DefaultModelId is { } model && metadata.DefaultModelDimensions is { } dimensions) index.EnsureEmbeddingModel(model, dimensions);
    }

    /// <summary>
    /// A retriever over the datastore at <paramref name="datastoreUri"/> that loads it (with texts) on first use, so
    /// declaring a pipeline stays free of I/O.
    /// </summary>
    public static ICandidateRetriever Open(string datastoreUri, IEmbeddingGenerator<string, Embedding<float>> embedder, ExactSearchOptions? search = null) =>
        new Deferred(datastoreUri, embedder, search);

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<Candidate>>> RetrieveAsync(IReadOnlyList<string> queries, int k, CancellationToken ct = default)
    {
        if (queries.Count == 0) return [];
        var vectors = await _embedder.GenerateAsync(queries, cancellationToken: ct);
        var matrix = new float[queries.Count * _index.Dimension];
        for (var i = 0; i < queries.Count; i++)
        {
            var v = vectors[i].Vector.Span;
            if (v.Length != _index.Dimension) throw new InvalidDataException($"query vector has {v.Length} floats, the datastore {_index.Dimension}");
            v.CopyTo(matrix.AsSpan(i * _index.Dimension));
        }
        var hits = _index.Search(matrix, k, _search, ct);
        return hits.Select(list => (IReadOnlyList<Candidate>)list.Select((h, r) =>
            new Candidate(h.PassageId, _index.Texts?[h.Row] ?? "", h.Score, r + 1)).ToArray()).ToArray();
    }

    private sealed class Deferred(string uri, IEmbeddingGenerator<string, Embedding<float>> embedder, ExactSearchOptions? search) : ICandidateRetriever
    {
        private readonly Lazy<Task<PassageIndexRetriever>> _loaded = new(async () =>
            new PassageIndexRetriever(await PassageIndex.LoadAsync(uri, new PassageIndexOptions { IncludeTexts = true }), embedder, search));

        public async Task<IReadOnlyList<IReadOnlyList<Candidate>>> RetrieveAsync(IReadOnlyList<string> queries, int k, CancellationToken ct = default) =>
            await (await _loaded.Value.WaitAsync(ct)).RetrieveAsync(queries, k, ct);
    }
}
