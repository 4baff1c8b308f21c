using System.Globalization;

namespace Sluice.Operators.Dedup;

/// <summary>
/// The compatibility decompositions (NFKD, nonspacing marks left out) that <see cref="DedupText"/> applies per code
/// point, loaded from the embedded <c>UnicodeFold.txt</c> that <c>make_fold_table.py</c> writes from Python's
/// <c>unicodedata</c>. A table rather than <see cref="string.Normalize(System.Text.NormalizationForm)"/>: the
/// repository runs in globalization-invariant mode, where .NET leaves non-ASCII text undecomposed.
/// </summary>
internal static class UnicodeFoldTable
{
    // Field initialisers rather than a static constructor, so the type stays beforefieldinit and the hot lookup
    // carries no initialisation check once tiered up.
    private static readonly (string?[] Bmp, Dictionary<int, string> Astral) Table = Load();

    /// <summary>The folded replacement of <paramref name="codePoint"/> (possibly empty), or null when it folds to itself.</summary>
    public static string? Lookup(int codePoint) =>
        codePoint < 0x10000 ? Table.Bmp[codePoint] : Table.Astral.GetValueOrDefault(codePoint);

    private static (string?[], Dictionary<int, string>) Load()
    {
        var bmp = new string?[0x10000];
        var astral = new Dictionary<int, string>();
        using var stream = typeof(UnicodeFoldTable).Assembly.GetManifestResourceStream("Sluice.Operators.Dedup.UnicodeFold.txt")
            ?? throw new InvalidOperationException("The embedded resource Sluice.Operators.Dedup.UnicodeFold.txt is missing from Sluice.Operators.");
        using var reader = new StreamReader(stream);
        var text = new System.Text.StringBuilder();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(' ');
            var codePoint = int.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            text.Clear();
            for (var i = 1; i < fields.Length; i++)
                text.Append(char.ConvertFromUtf32(int.Parse(fields[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            if (codePoint < 0x10000) bmp[codePoint] = text.ToString();
            else astral[codePoint] = text.ToString();
        }
        return (bmp, astral);
    }
}
