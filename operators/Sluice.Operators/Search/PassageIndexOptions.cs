namespace Sluice.Operators.Search;

/// <summary>What <see cref="PassageIndex.LoadAsync"/> reads from a datastore's shards.</summary>
public sealed record PassageIndexOptions
{
    /// <summary>Keep each passage's text in memory (for printing hits). Default true; false saves the memory.</summary>
    public bool IncludeTexts { get; init; } = true;

    /// <summary>The vector column: a fixed-size (or variable) list of float32, or of float16 (widened on load). Default <c>embedding</c>.</summary>
    public string EmbeddingColumn { get; init; } = "embedding";

    /// <summary>The passage id column (string). Default <c>id</c>.</summary>
    public string IdColumn { get; init; } = "id";

    /// <summary>The document id column (string). Default <c>doc_id</c>.</summary>
    public string DocIdColumn { get; init; } = "doc_id";

    /// <summary>The passage text column (string), read when <see cref="IncludeTexts"/> is set. Default <c>text</c>.</summary>
    public string TextColumn { get; init; } = "text";
}
