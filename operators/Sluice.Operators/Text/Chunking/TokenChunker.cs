namespace Sluice.Operators.Text.Chunking;

/// <summary>
/// Cuts documents into windows of at most <see cref="TokenChunkOptions.Tokens"/> word-piece tokens (title included),
/// no overlap. Windows end on word boundaries (<see cref="ChunkWords"/>: whitespace, or each character of a script
/// written without spaces) so character offsets stay exact and no word is split; a single word longer than the window
/// becomes a passage of its own (the embedder truncates it and counts that).
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
        var all = ChunkWords.Spans(doc.Text);
        var first = 0;
        var used = 0;
        for (var w = 0; w < all.Count; w++)
        {
            // WordPiece never merges across whitespace and splits CJK characters apart, so a text's count is the sum
            // of its words' counts; for Thai and the like a character counted alone can only cost more, never less.
            var word = all[w];
            var cost = _countTokens(doc.Text[word.Start..word.End]);
            if (w > first && used + cost > budget)
            {
                passages.Add(Make(doc, prefix, all, first, w - 1, passages.Count));
                first = w;
                used = 0;
            }
            used += cost;
        }
        if (first < all.Count) passages.Add(Make(doc, prefix, all, first, all.Count - 1, passages.Count));
        return passages;
    }

    private static Passage Make(Document doc, string prefix, List<(int Start, int End)> words, int first, int last, int index) =>
        new($"{doc.Id}#{index}", doc.Id, index, doc.Title, prefix + ChunkWords.Join(doc.Text, words, first, last), words[first].Start, words[last].End);
}
