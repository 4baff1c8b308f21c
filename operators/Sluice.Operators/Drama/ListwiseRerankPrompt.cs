using System.Text;
using Microsoft.Extensions.AI;

namespace Sluice.Operators.Drama;

/// <summary>Builds the listwise rerank request and applies its answer. Pure.</summary>
public static class ListwiseRerankPrompt
{
    /// <summary>The messages for <paramref name="query"/> over <paramref name="candidates"/> (numbered [1]..[n], each cut to the token budget).</summary>
    public static IReadOnlyList<ChatMessage> Build(string query, IReadOnlyList<Candidate> candidates, ListwiseRerankOptions options)
    {
        var passages = new StringBuilder();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (i > 0) passages.Append('\n');
            passages.Append('[').Append(i + 1).Append("] ").Append(Cut(OneLine(candidates[i].Text), options));
        }
        return options.Prompt.Render(new Dictionary<string, string>
        {
            ["query"] = OneLine(query),
            ["passages"] = passages.ToString(),
            ["count"] = candidates.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary>The candidates in the answer's order, re-ranked 1..n (scores kept).</summary>
    public static IReadOnlyList<Candidate> Apply(IReadOnlyList<Candidate> candidates, RankingParse parse) =>
        parse.Order.Select((index, r) => candidates[index] with { Rank = r + 1 }).ToArray();

    // One loaded tokenizer per preset name, shared by every request (loading reads the vocabulary once).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Func<string, int>>> Counters = new(StringComparer.Ordinal);

    /// <summary>Text cut to <see cref="ListwiseRerankOptions.PassageTokens"/> tokens of the options' tokenizer (whole words).</summary>
    public static string Cut(string text, ListwiseRerankOptions options)
    {
        var count = options.CountTokens ?? Counters.GetOrAdd(options.Tokenizer, name => new Lazy<Func<string, int>>(() =>
        {
            var tokenizer = Training.TrainingTokenizer.Load(new Training.TokenizeOptions { Tokenizer = name }).Inner;
            return s => tokenizer.CountTokens(s);
        })).Value;
        if (count(text) <= options.PassageTokens) return text;
        // Binary search on word boundaries: the longest prefix within budget.
        var bounds = new List<int>();
        for (var i = 1; i < text.Length; i++) if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1])) bounds.Add(i);
        bounds.Add(text.Length);
        int lo = 0, hi = bounds.Count - 1, best = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (count(text[..bounds[mid]]) <= options.PassageTokens) { best = bounds[mid]; lo = mid + 1; }
            else hi = mid - 1;
        }
        // A single over-long "word" (CJK runs) is cut by characters.
        if (best == 0) best = Math.Min(text.Length, options.PassageTokens);
        return text[..best].TrimEnd();
    }

    internal static string OneLine(string text) => text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Trim();
}
