namespace Sluice.Operators.Text.Chunking;

/// <summary>
/// Cuts a document into passages of word windows, as OpenScholar builds its datastore: the text is split on
/// whitespace (and, in scripts written without spaces, into characters: <see cref="ChunkWords"/>), windows of
/// <see cref="ChunkOptions.Words"/> words with a stride of the same size, the title prepended. Each passage keeps its character span in the document's text. A document with no words gives none.
/// </summary>
public sealed class PassageChunker
{
    private readonly ChunkOptions _options;

    /// <summary>A chunker with validated options.</summary>
    public PassageChunker(ChunkOptions? options = null)
    {
        _options = options ?? new ChunkOptions();
        _options.Validate();
    }

    /// <summary>The passages of <paramref name="doc"/>, in order.</summary>
    public IReadOnlyList<Passage> Chunk(Document doc)
    {
        var words = ChunkWords.Spans(doc.Text);
        var windows = Windows(doc.Text, words);
        var passages = new List<Passage>(windows.Count);
        var prefix = _options.PrependTitle && !string.IsNullOrWhiteSpace(doc.Title) ? doc.Title.Trim() + " " : "";
        foreach (var (first, last) in windows)
        {
            var start = words[first].Start;
            var end = words[last].End;
            var body = ChunkWords.Join(doc.Text, words, first, last);
            passages.Add(new Passage($"{doc.Id}#{passages.Count}", doc.Id, passages.Count, doc.Title, prefix + body, start, end));
        }
        return passages;
    }

    private List<(int First, int Last)> Windows(string text, List<(int Start, int End)> words)
    {
        var windows = new List<(int, int)>();
        var at = 0;
        while (at < words.Count)
        {
            var last = Math.Min(words.Count, at + _options.Words) - 1;
            if (_options.SentenceAware && last < words.Count - 1) last = SentenceEnd(text, words, at, last);
            windows.Add((at, last));
            at = last + 1;
        }
        if (windows.Count > 1 && _options.MinWords > 0)
        {
            var (first, last) = windows[^1];
            if (last - first + 1 < _options.MinWords)
            {
                windows.RemoveAt(windows.Count - 1);
                windows[^1] = (windows[^1].Item1, last);
            }
        }
        return windows;
    }

    /// <summary>The last word in the window's final quarter that ends a sentence, else the window's last word.</summary>
    private int SentenceEnd(string text, List<(int Start, int End)> words, int first, int last)
    {
        var floor = first + (last - first + 1) * 3 / 4;
        for (var w = last; w >= floor; w--)
        {
            var c = text[words[w].End - 1];
            if (c is '.' or '!' or '?') return w;
        }
        return last;
    }
}
