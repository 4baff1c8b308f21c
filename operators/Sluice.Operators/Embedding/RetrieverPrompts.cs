namespace Sluice.Operators.Embedding;

/// <summary>
/// The text an asymmetric retriever expects around queries and passages: models trained with "query: " / "passage: "
/// markers or an instruction embed well only when given them. Wrap the embedder once per side
/// (<see cref="PrefixedEmbeddingGenerator"/>, <c>embedder.ForQueries(prompts)</c> / <c>embedder.ForPassages(prompts)</c>)
/// and use the passage side to build the datastore and the query side to search it.
/// </summary>
/// <param name="QueryPrefix">Put before every query.</param>
/// <param name="PassagePrefix">Put before every passage.</param>
/// <param name="Suffix">Put after both (e.g. an end-of-sequence marker the model was trained with).</param>
public sealed record RetrieverPrompts(string QueryPrefix, string PassagePrefix, string Suffix = "")
{
    /// <summary>No markers: symmetric models such as the embedded MiniLM default.</summary>
    public static RetrieverPrompts None { get; } = new("", "");

    /// <summary>E5 (Wang et al. 2022): <c>query: </c> and <c>passage: </c>.</summary>
    public static RetrieverPrompts E5 { get; } = new("query: ", "passage: ");

    /// <summary>
    /// RepLlama (Ma et al. 2023, the LLM retriever DRAMA-style labelling can use): <c>query: </c> / <c>passage: </c> and
    /// the literal <c>&lt;/s&gt;</c> after the text, which Llama-2 tokenizers read as the end-of-sequence token whose last
    /// hidden state is the embedding. Serve the model over <c>/v1/embeddings</c> with last-token pooling.
    /// </summary>
    public static RetrieverPrompts RepLlama { get; } = new("query: ", "passage: ", "</s>");

    /// <summary>An instruction-following retriever (E5-Mistral, GTE-Qwen style): <c>Instruct: {task}\nQuery: </c> before
    /// queries, passages as they are.</summary>
    public static RetrieverPrompts Instruction(string task) => new($"Instruct: {task}\nQuery: ", "");

    /// <summary>A named preset: <c>none</c>, <c>e5</c> or <c>repllama</c> (for script parameters).</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static RetrieverPrompts Named(string name) => name.ToLowerInvariant() switch
    {
        "none" or "" => None,
        "e5" => E5,
        "repllama" => RepLlama,
        _ => throw new ArgumentException($"retriever prompts '{name}' are not known: use none, e5 or repllama, or give the prefixes"),
    };
}
