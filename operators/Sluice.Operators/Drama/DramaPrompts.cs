namespace Sluice.Operators.Drama;

/// <summary>
/// Sluice's default prompts for DRAMA augmentation, in the published recipe's shape (our own wording), kept as the JSON
/// files <c>operators/Sluice.Operators/Drama/Prompts/*.json</c> (built into the assembly). To change the wording, copy a
/// file, edit it and load it with <see cref="PromptTemplate.Load"/> (<c>examples/drama-augment.csx --qgen-prompt FILE
/// --rerank-prompt FILE</c>).
/// </summary>
public static class DramaPrompts
{
    /// <summary>
    /// Query generation (<c>query-generation.json</c>): the model chooses a retrieval task of any kind the text could
    /// serve and writes a query for it in the text's language; three few-shot turns span the task types of the
    /// reference — a web keyword query (English), an encyclopedic question (Bengali) and a claim to verify (Chinese) —
    /// as <c>Text:</c> → <c>Task: / Query: / Language:</c>. Placeholder: <c>{text}</c>.
    /// </summary>
    public static PromptTemplate QueryGeneration { get; } = Embedded("query-generation.json");

    /// <summary>
    /// Listwise reranking (<c>listwise-rerank.json</c>): the query, the numbered passages <c>[1]…[n]</c>, the query again,
    /// and a request for every identifier in descending order of relevance, <c>[4] &gt; [2] &gt; …</c>, as the
    /// reference's listwise prompt is laid out. Placeholders: <c>{query}</c>, <c>{passages}</c>, <c>{count}</c>.
    /// </summary>
    public static PromptTemplate ListwiseRerank { get; } = Embedded("listwise-rerank.json");

    private static PromptTemplate Embedded(string file)
    {
        using var stream = typeof(DramaPrompts).Assembly.GetManifestResourceStream($"Sluice.Operators.Drama.Prompts.{file}")
            ?? throw new InvalidOperationException($"the built-in prompt {file} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return PromptTemplate.FromJson(reader.ReadToEnd());
    }
}
