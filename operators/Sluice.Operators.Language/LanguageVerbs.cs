using System.Globalization;
using Sluice.Pipelines.Blueprint;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Language;

/// <summary>Language identification verbs (Lingua 2.0.0): an annotator and a filter with a threshold per language.</summary>
public static class LanguageVerbs
{
    /// <summary>
    /// Adds the columns <c>language</c> (ISO 639-1 code; null for a text without letters) and <c>language_score</c>
    /// (confidence 0–1) to each row, identified from <paramref name="textColumn"/> (a missing, null or non-string text counts as empty).
    /// </summary>
    /// <exception cref="ArgumentException">The options are not valid (thrown when the pipeline is declared).</exception>
    [Verb(OperatorRole.Transform, Rule = "Lingua 2.0.0 over the chosen set (default 20 common web languages), top language and its confidence")]
    public static Flow<Row> IdentifyLanguage(this Flow<Row> flow, string textColumn = "text", LanguageOptions? options = null, string? name = null)
    {
        var identifier = new LanguageIdentifier(options);
        return flow.Map(r =>
        {
            // A text of another type (a number, a list) counts as no text rather than faulting the run.
            var guess = identifier.Identify(r.TryGetValue(textColumn, out var value) ? value as string : null);
            return r.With("language", guess.Language).With("language_score", guess.Score);
        }, name ?? "identify-language");
    }

    /// <summary>
    /// Identifies the language of each record's text and stores it with <paramref name="with"/> (e.g.
    /// <c>(d, g) =&gt; d with { Language = g.Language, LanguageScore = g.Score }</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The options are not valid (thrown when the pipeline is declared).</exception>
    [Verb(OperatorRole.Transform, Rule = "Lingua 2.0.0 over the chosen set (default 20 common web languages), top language and its confidence")]
    public static Flow<T> IdentifyLanguage<T>(this Flow<T> flow, Func<T, string?> text, Func<T, LanguageGuess, T> with, LanguageOptions? options = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(with);
        var identifier = new LanguageIdentifier(options);
        return flow.Map(r => with(r, identifier.Identify(text(r))), name ?? "identify-language");
    }

    /// <summary>
    /// Keeps a record whose identified language is a key of <paramref name="thresholds"/> with a confidence at or above
    /// its value; rejects the others, naming the language and score (<c>language de, score 0.412 &lt; 0.650</c>,
    /// <c>language ru (score 0.981) not kept</c>, <c>no language identified (no letters)</c>). The detector tells apart
    /// <see cref="LanguageOptions.Languages"/>, which must hold every kept language.
    /// </summary>
    /// <exception cref="ArgumentException">No thresholds, a threshold outside 0–1, a kept language not in the set, or invalid options.</exception>
    [Verb(OperatorRole.Filter, Rule = "Lingua 2.0.0 top language kept when listed and its confidence >= that language's threshold")]
    public static Flow<T> KeepLanguages<T>(this Flow<T> flow, Func<T, string?> text, IReadOnlyDictionary<string, double> thresholds, LanguageOptions? options = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var identifier = new LanguageIdentifier(options);
        var keep = Thresholds(thresholds, identifier.Languages);
        return flow.Filter(r => RejectReason(identifier.Identify(text(r)), keep), name ?? "keep-languages");
    }

    /// <summary>Why a guess is rejected under <paramref name="keep"/>; null when it is kept.</summary>
    internal static string? RejectReason(LanguageGuess guess, IReadOnlyDictionary<string, double> keep)
    {
        if (guess.Language is null) return "no language identified (no letters)";
        if (!keep.TryGetValue(guess.Language, out var min))
            return string.Create(CultureInfo.InvariantCulture, $"language {guess.Language} (score {guess.Score:F3}) not kept");
        return guess.Score >= min ? null : string.Create(CultureInfo.InvariantCulture, $"language {guess.Language}, score {guess.Score:F3} < {min:F3}");
    }

    private static Dictionary<string, double> Thresholds(IReadOnlyDictionary<string, double> thresholds, IReadOnlyList<string> set)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Count == 0) throw new ArgumentException("name at least one language to keep", nameof(thresholds));
        var keep = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (code, min) in thresholds)
        {
            var c = LinguaCodes.Code(LinguaCodes.Parse(code));
            if (!set.Contains(c)) throw new ArgumentException($"language '{c}' is kept but not in the detector's set ({string.Join(", ", set)})", nameof(thresholds));
            if (!(min is >= 0 and <= 1)) throw new ArgumentException($"threshold {min} of '{c}' is not from 0 to 1", nameof(thresholds));
            keep[c] = min;
        }
        return keep;
    }
}
