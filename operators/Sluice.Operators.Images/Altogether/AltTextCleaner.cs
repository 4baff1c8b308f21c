using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Operators.Images.Altogether;

/// <summary>
/// Cleans alt-texts in any language or script: HTML entities decoded, Unicode normalised (NFC), control and
/// format characters removed, whitespace collapsed; trivial alts dropped (empty, only digits or punctuation, a
/// file name, a generic word such as "image"); duplicates within one image removed as a set, keeping first
/// occurrences in order. Thread-safe.
/// </summary>
public sealed partial class AltTextCleaner
{
    /// <summary>A cleaner with <paramref name="options"/> (default <see cref="AltTextOptions"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AltTextOptions.MaxChars"/> is below 1.</exception>
    public AltTextCleaner(AltTextOptions? options = null)
    {
        Options = options ?? new AltTextOptions();
        if (Options.MaxChars < 1) throw new ArgumentOutOfRangeException(nameof(options), Options.MaxChars, "MaxChars must be at least 1");
    }

    /// <summary>The options in force.</summary>
    public AltTextOptions Options { get; }

    /// <summary>
    /// The cleaned, non-trivial, distinct alt-texts of one image, in first-seen order; with
    /// <see cref="AltTextOptions.KeepRaw"/>, the distinct alt-texts unchanged (empty ones too, as the reference joins them).
    /// </summary>
    public IReadOnlyList<string> CleanAll(IEnumerable<string?> alts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<string>();
        foreach (var alt in alts)
        {
            var clean = Options.KeepRaw ? alt : Clean(alt);
            if (clean is not null && seen.Add(clean)) kept.Add(clean);
        }
        return kept;
    }

    /// <summary>One alt-text cleaned, or null when nothing meaningful is left.</summary>
    public string? Clean(string? alt)
    {
        if (string.IsNullOrWhiteSpace(alt)) return null;
        var text = WebUtility.HtmlDecode(alt);
        try { text = text.Normalize(NormalizationForm.FormC); }
        catch (ArgumentException) { /* lone surrogates: removed below */ }
        var sb = new StringBuilder(text.Length);
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (space && sb.Length > 0) sb.Append(' ');
                space = false;
                sb.Append(c).Append(text[++i]);
                continue;
            }
            if (char.IsSurrogate(c)) continue;
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            // Zero-width joiners matter in Indic and emoji sequences; other format and control characters do not.
            if (category == UnicodeCategory.Control || (category == UnicodeCategory.Format && c != '\u200D' && c != '\u200C')) continue;
            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        var cleaned = sb.ToString();
        if (cleaned.Length > Options.MaxChars)
        {
            var cut = cleaned.LastIndexOf(' ', Options.MaxChars);
            cleaned = cleaned[..(cut > Options.MaxChars / 2 ? cut : Options.MaxChars)];
        }
        return IsTrivial(cleaned) ? null : cleaned;
    }

    /// <summary>True for alts that say nothing: no letters, a file name, a generic word, or "image 3" style labels.</summary>
    public bool IsTrivial(string alt)
    {
        if (alt.Length == 0) return true;
        if (!alt.EnumerateRunes().Any(r => Rune.IsLetter(r))) return true;
        if (FileName().IsMatch(alt)) return true;
        var words = WordPattern().Replace(alt, " ").Trim();
        if (words.Length == 0) return true;
        if (Options.TrivialWords.Contains(words)) return true;
        // "image 3", "photo_12", "IMG 0042": a generic word and a number.
        var parts = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.All(p => Options.TrivialWords.Contains(p) || p.All(char.IsDigit) || IsCameraName(p));
    }

    private static bool IsCameraName(string part) => CameraName().IsMatch(part);

    [GeneratedRegex(@"^[^\s/\\]+\.(jpe?g|png|gif|webp|bmp|svg|tiff?|avif|heic|ico)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    [GeneratedRegex(@"[\p{P}\p{S}_]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^(img|dsc|dscn|dcim|pxl|p)\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CameraName();
}
