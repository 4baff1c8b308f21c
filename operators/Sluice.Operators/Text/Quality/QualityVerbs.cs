using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Text.Quality;

/// <summary>Web-text quality filters with their published rules; a reject names the rule that fired, its measure and its threshold.</summary>
public static class QualityVerbs
{
    /// <summary>Gopher's quality rules on each record's text (<see cref="GopherQualityFilter"/>); a record without text is rejected as having no words.</summary>
    [Verb(OperatorRole.Filter, Rule = "Gopher quality rules (Rae et al. 2021), DataTrove defaults")]
    public static Flow<T> GopherQuality<T>(this Flow<T> flow, Func<T, string?> text, GopherQualityOptions? options = null, string? name = null)
    {
        var o = options ?? new GopherQualityOptions();
        return flow.Filter(r => GopherQualityFilter.Check(text(r) ?? "", o), name ?? "gopher-quality");
    }

    /// <summary>Gopher's repetition rules on each record's text (<see cref="GopherRepetitionFilter"/>).</summary>
    [Verb(OperatorRole.Filter, Rule = "Gopher repetition rules (Rae et al. 2021, table A1), DataTrove defaults")]
    public static Flow<T> GopherRepetition<T>(this Flow<T> flow, Func<T, string?> text, GopherRepetitionOptions? options = null, string? name = null)
    {
        var o = options ?? new GopherRepetitionOptions();
        return flow.Filter(r => GopherRepetitionFilter.Check(text(r) ?? "", o), name ?? "gopher-repetition");
    }

    /// <summary>FineWeb's three rules on each record's text (<see cref="FineWebQualityFilter"/>).</summary>
    [Verb(OperatorRole.Filter, Rule = "FineWeb quality rules (Penedo et al. 2024), DataTrove defaults")]
    public static Flow<T> FineWebQuality<T>(this Flow<T> flow, Func<T, string?> text, FineWebQualityOptions? options = null, string? name = null)
    {
        var o = options ?? new FineWebQualityOptions();
        return flow.Filter(r => FineWebQualityFilter.Check(text(r) ?? "", o), name ?? "fineweb-quality");
    }

    /// <summary>
    /// C4's rules on each document (<see cref="C4QualityFilter"/>): lines that fail are removed from the text, and a page
    /// left with too few sentences, or saying "lorem ipsum" or holding a curly bracket, is rejected with the rule's name.
    /// </summary>
    [Verb(OperatorRole.Transform, Rule = "C4 line and page rules (Raffel et al. 2020), DataTrove defaults")]
    public static Flow<Document> C4Quality(this Flow<Document> flow, C4QualityOptions? options = null, string? name = null)
    {
        var o = options ?? new C4QualityOptions();
        return flow.MapOrReject(d =>
        {
            var (text, reason) = C4QualityFilter.Apply(d.Text ?? "", o);
            return text is not null ? d with { Text = text } : MapResult<Document>.Reject(reason!);
        }, name ?? "c4-quality");
    }
}
