using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Text.Cleaning;

/// <summary>Cleaning and length verbs for document flows.</summary>
public static class CleaningVerbs
{
    /// <summary>Collapses whitespace runs in title and text.</summary>
    [Verb(OperatorRole.Transform)]
    public static Flow<Document> NormalizeWhitespace(this Flow<Document> flow, string? name = null) =>
        flow.Map(d => d with { Title = d.Title is null ? null : WhitespaceNormalizer.Normalize(d.Title), Text = WhitespaceNormalizer.Normalize(d.Text) },
            name ?? "normalize-whitespace");

    /// <summary>Keeps documents with at least <paramref name="words"/> whitespace words; rejects the rest with the count.</summary>
    [Verb(OperatorRole.Filter)]
    public static Flow<Document> MinWords(this Flow<Document> flow, int words, string? name = null) =>
        flow.Filter(d =>
        {
            var n = WordCounter.Count(d.Text, words);
            return n >= words ? null : $"{n} words, fewer than {words}";
        }, name ?? "min-words");
}
