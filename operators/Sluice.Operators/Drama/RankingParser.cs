using System.Text.RegularExpressions;

namespace Sluice.Operators.Drama;

/// <summary>
/// Parses a listwise ranking answer (<c>[4] &gt; [2] &gt; [1]</c>): bracketed numbers in order of appearance; stray text,
/// out-of-range numbers and repeats are ignored; ids never mentioned are appended in their original order. Pure.
/// </summary>
public static partial class RankingParser
{
    /// <summary>The order of <paramref name="count"/> items as 0-based indices, and what had to be repaired.</summary>
    public static RankingParse Parse(string? output, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var seen = new bool[count];
        var order = new List<int>(count);
        int duplicates = 0, outOfRange = 0;
        foreach (Match m in Bracketed().Matches(output ?? ""))
        {
            if (!int.TryParse(m.Groups[1].ValueSpan, out var id) || id < 1 || id > count) { outOfRange++; continue; }
            if (seen[id - 1]) { duplicates++; continue; }
            seen[id - 1] = true;
            order.Add(id - 1);
        }
        var mentioned = order.Count;
        for (var i = 0; i < count; i++) if (!seen[i]) order.Add(i);
        return new RankingParse(order, mentioned, count - mentioned, duplicates, outOfRange);
    }

    [GeneratedRegex(@"\[\s*(\d{1,6})\s*\]")]
    private static partial Regex Bracketed();
}
