using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Text.Chunking;

/// <summary>Chunking verbs: documents into passages of word or token windows.</summary>
public static class ChunkingVerbs
{
    /// <summary>Cuts documents into passages of word windows (OpenScholar style by default); a document with no words is rejected.</summary>
    [Verb(OperatorRole.Transform, Paper = "OpenScholar")]
    public static Flow<Passage> Chunk(this Flow<Document> flow, ChunkOptions? options = null, string? name = null)
    {
        var chunker = new PassageChunker(options);
        return flow
            .Filter(d => WordCounter.Count(d.Text, 1) == 0 ? "document has no words" : null, (name ?? "chunk") + "-nonempty")
            .FlatMap(chunker.Chunk, name ?? "chunk");
    }

    /// <summary>Cuts documents into token windows (e.g. 254 BERT word-pieces + [CLS]/[SEP] = 256, as DRAMA uses); a document with no words is rejected.</summary>
    [Verb(OperatorRole.Transform, Paper = "DRAMA")]
    public static Flow<Passage> ChunkTokens(this Flow<Document> flow, Func<string, int> countTokens, TokenChunkOptions? options = null, string? name = null)
    {
        var chunker = new TokenChunker(countTokens, options);
        return flow
            .Filter(d => WordCounter.Count(d.Text, 1) == 0 ? "document has no words" : null, (name ?? "chunk-tokens") + "-nonempty")
            .FlatMap(chunker.Chunk, name ?? "chunk-tokens");
    }

    /// <summary>Shorthand for <see cref="Chunk(Flow{Document}, ChunkOptions?, string?)"/> with a word count.</summary>
    [Verb(OperatorRole.Transform, Paper = "OpenScholar")]
    public static Flow<Passage> Chunk(this Flow<Document> flow, int words, bool prependTitle = true, string? name = null) =>
        flow.Chunk(new ChunkOptions { Words = words, PrependTitle = prependTitle }, name);
}
