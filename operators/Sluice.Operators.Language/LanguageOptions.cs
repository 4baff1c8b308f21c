namespace Sluice.Operators.Language;

/// <summary>Options of <c>IdentifyLanguage</c> and <c>KeepLanguages</c>: which languages Lingua tells apart, and how.</summary>
public sealed record LanguageOptions
{
    /// <summary>
    /// The default set: twenty languages with the largest shares of Common Crawl pages (en, ru, de, ja, zh, es, fr, it,
    /// pt, pl, nl, vi, tr, id, cs, fa, ar, ko, sv, uk). All 75 Lingua languages took 29 s and 1.9 GB to load; a set
    /// loads only its own models.
    /// </summary>
    public static readonly IReadOnlyList<string> CommonWebLanguages =
        ["en", "ru", "de", "ja", "zh", "es", "fr", "it", "pt", "pl", "nl", "vi", "tr", "id", "cs", "fa", "ar", "ko", "sv", "uk"];

    /// <summary>
    /// The languages to tell apart, as ISO 639-1 codes (any of Lingua 2.0.0's 75). Default <see cref="CommonWebLanguages"/>.
    /// A text in a language outside the set is given the nearest language of the set, usually with a low score:
    /// include every language the corpus may hold, and keep by a threshold.
    /// </summary>
    public IReadOnlyList<string> Languages { get; init; } = CommonWebLanguages;

    /// <summary>Lingua's low-accuracy mode: trigrams only, a fraction of the memory and time, less reliable on text
    /// under about 120 characters. Default false.</summary>
    public bool LowAccuracy { get; init; }

    /// <summary>Only the first this many characters of a text are read (cut at a whitespace when there is one near).
    /// Default 2,000: a page's language is clear long before that, and Lingua's time grows with the length. 0 reads all.</summary>
    public int MaxChars { get; init; } = 2_000;

    /// <exception cref="ArgumentException">A code is not a Lingua language, the set has fewer than two, or <see cref="MaxChars"/> is negative.</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Languages);
        // A set of one would say that language of every text: identification needs rivals.
        if (Languages.Select(LinguaCodes.Parse).Distinct().Count() < 2) throw new ArgumentException("choose at least two languages", nameof(Languages));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxChars);
    }
}
