using Sluice.Operators.Text;
using Sluice.Operators.Text.Cleaning;
using Sluice.Pipelines.Blueprint;
using Sluice.Storage.Rows;

namespace Sluice.Bench.Engine;

/// <summary>
/// The three per-record operators of benchmarks 3 and 4 (normalise whitespace, keep documents of at least
/// <see cref="MinWords"/> words, count words), declared through the engine's verbs and also callable directly
/// so the hand-written loop does exactly the same work.
/// </summary>
public static class BenchOperators
{
    /// <summary>The word threshold of the filter: 50.</summary>
    public const int MinWords = 50;

    /// <summary>Appends the three operators to <paramref name="flow"/>.</summary>
    public static Flow<CountedDocument> ThreeOperators(this Flow<Document> flow) =>
        flow.NormalizeWhitespace().MinWords(MinWords).Map(Count, "count-words");

    /// <summary>What <see cref="CleaningVerbs.NormalizeWhitespace"/> does to one document.</summary>
    public static Document Normalize(Document d) =>
        d with { Title = d.Title is null ? null : WhitespaceNormalizer.Normalize(d.Title), Text = WhitespaceNormalizer.Normalize(d.Text) };

    /// <summary>What <see cref="CleaningVerbs.MinWords"/> does to one document: null to keep it, else the reason.</summary>
    public static string? RejectShort(Document d)
    {
        var n = WordCounter.Count(d.Text, MinWords);
        return n >= MinWords ? null : $"{n} words, fewer than {MinWords}";
    }

    /// <summary><see cref="RejectShort(Document)"/> on a dynamic row's <c>text</c> column.</summary>
    public static string? RejectShort(Row r)
    {
        var n = WordCounter.Count(r.Get<string>("text") ?? "", MinWords);
        return n >= MinWords ? null : $"{n} words, fewer than {MinWords}";
    }

    /// <summary>The third operator: the document with its word count.</summary>
    public static CountedDocument Count(Document d) => new(d.Id, d.Title, d.Text, WordCounter.Count(d.Text));
}
