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
}
