using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sluice.Operators.Text;
using Sluice.Operators.Text.Chunking;

namespace Sluice.Operators.Tests.Text.Chunking;

public sealed class PassageChunkerProperties
{
    private static readonly string[] Pieces = ["alpha", "b", "γράμμα", "日本", "x.", "end!", "why?", "3.14", "🎉", "a-b", "q", "かな。", "日本語x"];
    private static readonly string[] Gaps = [" ", "  ", "\n", "\t", " \r\n ", "\u00a0"];

    /// <summary>A text of whitespace-separated words, chosen by an FsCheck seed, with leading/trailing whitespace sometimes.</summary>
    private static string Text(int seed, int maxWords)
    {
        var random = new Random(seed);
        var n = random.Next(0, maxWords);
        var parts = new List<string>();
        if (random.Next(3) == 0) parts.Add(Gaps[random.Next(Gaps.Length)]);
        for (var i = 0; i < n; i++)
        {
            if (i > 0) parts.Add(Gaps[random.Next(Gaps.Length)]);
            parts.Add(Pieces[random.Next(Pieces.Length)]);
        }
        if (random.Next(3) == 0) parts.Add(Gaps[random.Next(Gaps.Length)]);
        return string.Concat(parts);
    }

    // The stated rule, written independently: whitespace parts words, and each Han or Kana character is a word of its own.
    private static string[] Words(string s) =>
        System.Text.RegularExpressions.Regex.Matches(s, @"[\u4E00-\u9FFF\u3040-\u30FF]|[^\s\u4E00-\u9FFF\u3040-\u30FF]+").Select(m => m.Value).ToArray();

    private static ChunkOptions Options(PositiveInt words, NonNegativeInt minWords, bool sentenceAware, bool title)
    {
        var w = words.Get % 12 + 1;
        return new ChunkOptions { Words = w, MinWords = minWords.Get % (w + 1), SentenceAware = sentenceAware, PrependTitle = title };
    }

    private static string Body(Passage p, Document d, ChunkOptions o) =>
        o.PrependTitle && !string.IsNullOrWhiteSpace(d.Title) ? p.Text[(d.Title.Trim().Length + 1)..] : p.Text;

    [Property(MaxTest = 300)]
    public Property Chunk_AnyText_EveryWordOnceInOrder(int seed, PositiveInt words, NonNegativeInt minWords, bool sentenceAware)
    {
        var options = Options(words, minWords, sentenceAware, title: true);
        var doc = new Document("d", "A Title", Text(seed, 60));

        var passages = new PassageChunker(options).Chunk(doc);

        var rejoined = passages.SelectMany(p => Words(Body(p, doc, options))).ToArray();
        return rejoined.SequenceEqual(Words(doc.Text)).Label("words once, in order")
            .And(passages.Select((p, i) => p.PassageIndex == i && p.Id == $"d#{i}" && p.DocId == "d").All(x => x)).Label("ids and indexes")
            .And(passages.All(p => p.Text.StartsWith("A Title ", StringComparison.Ordinal))).Label("title prepended");
    }

    [Property(MaxTest = 300)]
    public Property Chunk_AnyText_PassagesAtMostWordsUnlessLastMerged(int seed, PositiveInt words, NonNegativeInt minWords, bool sentenceAware)
    {
        var options = Options(words, minWords, sentenceAware, title: false);
        var doc = new Document("d", null, Text(seed, 60));

        var counts = new PassageChunker(options).Chunk(doc).Select(p => Words(p.Text).Length).ToArray();

        // Only the last passage may exceed the window, by absorbing a tail shorter than MinWords.
        var allButLast = counts.Length <= 1 ? [] : counts[..^1];
        var lastLimit = options.Words + Math.Max(0, options.MinWords - 1);
        return (allButLast.All(c => c >= 1 && c <= options.Words)).Label($"window {options.Words}: {string.Join(",", counts)}")
            .And(counts.Length == 0 || counts[^1] <= lastLimit).Label("last within window plus merged tail")
            .And(counts.Length <= 1 || options.MinWords == 0 || counts[^1] >= options.MinWords).Label("no short tail after merge");
    }

    [Property(MaxTest = 300)]
    public Property Chunk_AnyText_OffsetsSliceTheBody(int seed, PositiveInt words, bool sentenceAware)
    {
        var options = Options(words, NonNegativeInt.NewNonNegativeInt(0), sentenceAware, title: true);
        var doc = new Document("d", "  Spaced Title ", Text(seed, 60));

        var passages = new PassageChunker(options).Chunk(doc);

        return passages.All(p =>
        {
            var slice = doc.Text[p.CharStart..p.CharEnd];
            return Words(slice).SequenceEqual(Words(Body(p, doc, options)))
                && !char.IsWhiteSpace(slice[0]) && !char.IsWhiteSpace(slice[^1]);
        }).Label("slice holds exactly the passage's words")
        .And(passages.Zip(passages.Skip(1)).All(t => t.First.CharEnd <= t.Second.CharStart)).Label("spans ascend without overlap");
    }

    [Property(MaxTest = 300)]
    public Property Chunk_SentenceAware_EndsAtLastSentenceEndInFinalQuarter(int seed, PositiveInt words)
    {
        var options = new ChunkOptions { Words = words.Get % 12 + 1, SentenceAware = true, PrependTitle = false };
        var doc = new Document("d", null, Text(seed, 80));
        var all = Words(doc.Text);

        var passages = new PassageChunker(options).Chunk(doc);

        var at = 0;
        var ok = true;
        foreach (var p in passages.Take(passages.Count - 1))
        {
            var n = Words(p.Text).Length;
            var full = Math.Min(options.Words, all.Length - at);
            var floor = full * 3 / 4;
            // The expected cut: the last word in the window's final quarter ending a sentence, else the full window.
            var expected = full;
            for (var k = full; k >= Math.Max(1, floor + 1); k--)
                if (all[at + k - 1][^1] is '.' or '!' or '?') { expected = k; break; }
            ok &= n == expected;
            at += n;
        }
        return ok.Label("each passage ends at the expected sentence end");
    }

    [Fact]
    public void Chunk_ShortTailWithMinWords_MergedIntoPrevious()
    {
        var doc = new Document("d", null, string.Join(' ', Enumerable.Range(0, 11).Select(i => $"w{i}")));

        var passages = new PassageChunker(new ChunkOptions { Words = 5, MinWords = 2, PrependTitle = false }).Chunk(doc);

        Assert.Equal(["w0 w1 w2 w3 w4", "w5 w6 w7 w8 w9 w10"], passages.Select(p => p.Text));
    }

    [Fact]
    public void Chunk_NoWords_NoPassages() =>
        Assert.Empty(new PassageChunker().Chunk(new Document("d", "T", " \n\t ")));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 6)]
    [InlineData(5, -1)]
    public void Constructor_BadOptions_Throws(int words, int minWords) =>
        Assert.Throws<ArgumentException>(() => new PassageChunker(new ChunkOptions { Words = words, MinWords = minWords }));
}
