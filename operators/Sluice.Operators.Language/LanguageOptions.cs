namespace Sluice.Operators.Language;

/// <summary>Options of <c>IdentifyLanguage</c> and <c>KeepLanguages</c>: which languages Lingua tells apart, and how.</summary>
public sealed record LanguageOptions
{
    /// <summary>
    /// The default set: twenty languages with the largest shares of Common Crawl pages (en, ru, de, ja, zh, es, fr, it,
    /// pt, pl, nl, vi, tr, id, cs, fa, ar, ko, sv, uk). A set loads only its own models: all 75 Lingua languages took
    /// 29 s and 1.9 GB here, these twenty 8.5–23 s and about 1 GB of working set (high accuracy), under 1 s and 75 MB (low).
    /// </summary>
    public static readonly IReadOnlyList<string> CommonWebLanguages =
        ["en", "ru", "de", "ja", "zh", "es", "fr", "it", "pt", "pl", "nl", "vi", "tr", "id", "cs", "fa", "ar", "ko", "sv", "uk"];

    /// <summary>
    /// The languages to tell apart, as ISO 639-1 codes (any of Lingua 2.0.0's 75). Default <see cref="CommonWebLanguages"/>.
    /// A text in a language outside the set is given the nearest language of the set, usually with a low score:
    /// include every language the corpus may hold, and keep by a threshold.
    /// </summary>
    public IReadOnlyList<string> Languages { get; init; } = CommonWebLanguages;

    /// <summary>Lingua's low-accuracy mode: trigrams only, less reliable on text under about 120 characters (a few
    /// words), a tenth of the memory and load time. Default false. Measured on the default set, one core: load under 1 s
    /// instead of 8.5–23 s, about 1.4 times the texts/s at 500 characters (docs/curation.md).</summary>
    public bool LowAccuracy { get; init; }

    /// <summary>Only the first this many characters of a text are read (cut at a whitespace when there is one in the
    /// last tenth). Default 500: several sentences, where Lingua is past its short-text errors, while its time grows with
    /// the length (default set, one core: 314–592 texts/s at 500 characters, 41 at 2,000). 0 reads all.</summary>
    public int MaxChars { get; init; } = 500;

    /// <exception cref="ArgumentException">A code is not a Lingua language, the set has fewer than two, or <see cref="MaxChars"/> is negative.</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Languages);
        // A set of one would say that language of every text: identification needs rivals.
        if (Languages.Select(LinguaCodes.Parse).Distinct().Count() < 2) throw new ArgumentException("choose at least two languages", nameof(Languages));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxChars);
    }
}
