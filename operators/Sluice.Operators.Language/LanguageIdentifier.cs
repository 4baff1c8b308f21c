using System.Collections.Concurrent;
using Lingua;

namespace Sluice.Operators.Language;

/// <summary>
/// Lingua 2.0.0 (SearchPioneer.Lingua) over a chosen language set. One detector per set and mode per process, loaded
/// on first use with every model preloaded, so all threads share it read-only.
/// </summary>
public sealed class LanguageIdentifier
{
    private static readonly ConcurrentDictionary<string, Lazy<LanguageDetector>> Detectors = new(StringComparer.Ordinal);

    private readonly Lazy<LanguageDetector> _detector;
    private readonly int _maxChars;

    /// <summary>An identifier for <paramref name="options"/>' language set; nothing loads until the first text.</summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public LanguageIdentifier(LanguageOptions? options = null)
    {
        var o = options ?? new LanguageOptions();
        o.Validate();
        _maxChars = o.MaxChars;
        var languages = o.Languages.Select(LinguaCodes.Parse).Distinct().OrderBy(LinguaCodes.Code, StringComparer.Ordinal).ToArray();
        Languages = [.. languages.Select(LinguaCodes.Code)];
        var key = string.Join(',', Languages) + (o.LowAccuracy ? "|low" : "|high");
        // Lazy with the default thread-safety mode: two operators asking for one set at once load it once.
        _detector = Detectors.GetOrAdd(key, _ => new Lazy<LanguageDetector>(() => Build(languages, o.LowAccuracy)));
    }

    /// <summary>The ISO 639-1 codes of the set, sorted.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>The most likely language of <paramref name="text"/> and its confidence.</summary>
    public LanguageGuess Identify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !text.Any(char.IsLetter)) return new LanguageGuess(null, 0);
        var values = _detector.Value.ComputeLanguageConfidenceValues(Head(text));
        // Sorted by confidence, highest first; all zero when Lingua finds nothing to go on.
        foreach (var (language, confidence) in values)
            return language == Lingua.Language.Unknown || confidence <= 0 ? new LanguageGuess(null, 0) : new LanguageGuess(LinguaCodes.Code(language), confidence);
        return new LanguageGuess(null, 0);
    }

    private string Head(string text)
    {
        if (_maxChars == 0 || text.Length <= _maxChars) return text;
        // Cut at the last whitespace in the final tenth so the last word is whole.
        var cut = text.LastIndexOfAny([' ', '\n', '\t'], _maxChars - 1, _maxChars / 10);
        return text[..(cut > 0 ? cut : _maxChars)];
    }

    private static LanguageDetector Build(Lingua.Language[] languages, bool lowAccuracy)
    {
        // The models sit beside this assembly (build/packages/language when a script loads the package), not beside
        // the host's, which is Lingua's default.
        var models = Path.Combine(Path.GetDirectoryName(typeof(LanguageIdentifier).Assembly.Location)!, "Lingua", "LanguageModels");
        var builder = LanguageDetectorBuilder.FromLanguages(languages).WithLanguageModelsDirectory(models).WithPreloadedLanguageModels();
        if (lowAccuracy) builder = builder.WithLowAccuracyMode();
        return builder.Build();
    }
}
