using System.Collections.Frozen;
using Lingua;

namespace Sluice.Operators.Language;

/// <summary>ISO 639-1 codes to Lingua's languages and back.</summary>
internal static class LinguaCodes
{
    private static readonly FrozenDictionary<string, Lingua.Language> ByCode = LanguageInfo.All()
        .ToFrozenDictionary(l => Code(l), StringComparer.OrdinalIgnoreCase);

    /// <summary>The lower-case ISO 639-1 code of <paramref name="language"/>.</summary>
    public static string Code(Lingua.Language language) => LanguageInfo.IsoCode6391(language).ToString().ToLowerInvariant();

    /// <summary>The Lingua language of an ISO 639-1 code.</summary>
    /// <exception cref="ArgumentException">Lingua has no such language.</exception>
    public static Lingua.Language Parse(string code) =>
        code is not null && ByCode.TryGetValue(code.Trim(), out var language) ? language
            : throw new ArgumentException($"'{code}' is not the ISO 639-1 code of a language Lingua 2.0.0 knows ({string.Join(", ", ByCode.Keys.Order(StringComparer.Ordinal))})");
}
