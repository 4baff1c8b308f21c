namespace Sluice.Operators.Text.Chunking;

/// <summary>
/// Cuts documents into windows of at most <see cref="TokenChunkOptions.Tokens"/> word-piece tokens (title included),
/// no overlap. Windows end on whitespace-word boundaries so character offsets stay exact and no word is split; a
/// single word longer than the window becomes a passage of its own (the embedder truncates it and counts that).
/// </summary>
public sealed class TokenChunker
{
    private readonly Func<string, int> _countTokens;
    private readonly TokenChunkOptions _options;

    /// <param name="countTokens">Counts word-piece tokens of a text, e.g. <c>MiniLmEmbedder.CountTokens</c> (BERT WordPiece, uncased).</param>
    /// <param name="options">Window size and title handling.</param>
    public TokenChunker(Func<string, int> countTokens, TokenChunkOptions? options = null)
    {
        _countTokens = countTokens;
        _options = options ?? new TokenChunkOptions();
        _options.Validate();
    }

    /// <summary>The passages of <paramref name="doc"/>, in order.</summary>
    public IReadOnlyList<Passage> Chunk(Document doc)
    {
        var prefix = _options.PrependTitle && !string.IsNullOrWhiteSpace(doc.Title) ? doc.Title.Trim() + " " : "";
        var budget = Math.Max(1, _options.Tokens - (prefix.Length > 0 ? _countTokens(prefix) : 0));
        var passages = new List<Passage>();
        var words = new List<(int Start, int End)>();
        var used = 0;
        foreach (var word in WordSpans(doc.Text))
        {
            // WordPiece never merges across whitespace, so a text's count is the sum of its words' counts.
            var cost = _countTokens(doc.Text[word.Start..word.End]);
            if (words.Count > 0 && used + cost > budget)
            {
                passages.Add(Make(doc, prefix, words, passages.Count));
                words.Clear();
                used = 0;
            }
            words.Add(word);
            used += cost;
        }
        if (words.Count > 0) passages.Add(Make(doc, prefix, words, passages.Count));
        return passages;
    }

    private static Passage Make(Document doc, string prefix, List<(int Start, int End)> words, int index)
    {
        var body = string.Join(' ', words.Select(w => doc.Text[w.Start..w.End]));
        return new Passage($"{doc.Id}#{index}", doc.Id, index, doc.Title, prefix + body, words[0].Start, words[^1].End);
    }

    private static IEnumerable<(int Start, int End)> WordSpans(string text)
    {
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (start >= 0) yield return (start, i);
                start = -1;
            }
            else if (start < 0) start = i;
        }
        if (start >= 0) yield return (start, text.Length);
    }
}
