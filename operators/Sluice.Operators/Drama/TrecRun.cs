using System.Globalization;

namespace Sluice.Operators.Drama;

/// <summary>
/// TREC run files (<c>qid Q0 docid rank score tag</c>, whitespace separated), for labelling with rankings made
/// elsewhere. Pure.
/// </summary>
public static class TrecRun
{
    /// <summary>
    /// Each query's candidates, best first, ranked 1.. by score (descending; ties by the file's rank, then line order).
    /// Blank lines and lines starting with <c>#</c> are skipped. Candidates carry no text.
    /// </summary>
    /// <exception cref="FormatException">A line does not have six fields or its rank or score is not a number; the message names the line.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<Candidate>> Parse(string text)
    {
        var rows = new Dictionary<string, List<(string Doc, int Rank, float Score, int Line)>>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 6) throw new FormatException($"TREC run line {n + 1}: expected 6 fields (qid Q0 docid rank score tag), got {f.Length}");
            if (!int.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rank))
                throw new FormatException($"TREC run line {n + 1}: rank '{f[3]}' is not an integer");
            if (!float.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
                throw new FormatException($"TREC run line {n + 1}: score '{f[4]}' is not a number");
            if (!rows.TryGetValue(f[0], out var list)) rows[f[0]] = list = [];
            list.Add((f[2], rank, score, n));
        }
        return rows.ToDictionary(r => r.Key, r => (IReadOnlyList<Candidate>)r.Value
            .OrderByDescending(x => x.Score).ThenBy(x => x.Rank).ThenBy(x => x.Line)
            .Select((x, i) => new Candidate(x.Doc, "", x.Score, i + 1)).ToArray(), StringComparer.Ordinal);
    }
}
