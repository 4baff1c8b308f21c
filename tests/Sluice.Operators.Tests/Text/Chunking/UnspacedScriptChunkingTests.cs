using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Text;
using Sluice.Operators.Text.Chunking;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Text.Chunking;

/// <summary>
/// Scripts written without spaces are cut like any other: each Han, Kana or Thai character counts as a word (Hangul
/// words stay whole), passages keep every character exactly once and no space is put between characters that touched.
/// </summary>
public sealed class UnspacedScriptChunkingTests : IDisposable
{
    private readonly MiniLmEmbedder _embedder = new();

    public void Dispose() => _embedder.Dispose();

    // The Chinese man(1) page's description (examples/data/README.md): 2,410 characters, 1,313 of them Han.
    private static Document ManPage() => System.Text.Json.JsonSerializer.Deserialize<Document>(
        File.ReadAllText(Path.Combine(RepoPaths.Root, "examples/data/man-zh_CN.jsonl")), Sluice.Storage.Formats.SluiceJson.Options)!;

    private static string NoSpace(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public void WordWindows_ChineseDocument_SeveralPassagesOf250CharacterWords()
    {
        var doc = ManPage();
        var passages = new PassageChunker(new ChunkOptions { PrependTitle = false }).Chunk(doc);

        // 1,313 Han characters alone make six windows of 250; split on whitespace only, the page was about 300 words.
        Assert.InRange(passages.Count, 6, 9);
        Assert.Equal(NoSpace(doc.Text), string.Concat(passages.Select(p => NoSpace(p.Text))));
        Assert.All(passages, p => Assert.Equal(NoSpace(doc.Text[p.CharStart..p.CharEnd]), NoSpace(p.Text)));
        Assert.DoesNotContain(passages, p => p.Text.Contains("手 册"));
        Assert.Contains(passages, p => p.Text.Contains("手册"));
    }

    [Theory]
    [InlineData("東京タワーは夜になると明かりがともる", 4, 5)]        // 18 characters, Kanji and Kana
    [InlineData("แมวนอนหลับอยู่บนโซฟาสีแดง", 5, 5)]                 // 24 Thai characters (combining marks included)
    [InlineData("한국어는 띄어쓰기를 합니다 그래서 단어가 있습니다", 2, 3)]  // Hangul: 6 spaced words
    public void WordWindows_UnspacedScripts_CountCharactersAsWords(string text, int words, int expected)
    {
        var passages = new PassageChunker(new ChunkOptions { Words = words, PrependTitle = false }).Chunk(new Document("d", null, text));

        Assert.Equal(expected, passages.Count);
        Assert.Equal(NoSpace(text), string.Concat(passages.Select(p => NoSpace(p.Text))));
    }

    [Fact]
    public void WordWindows_MixedScripts_SpacesKeptOnlyWhereTheTextHadThem()
    {
        var passages = new PassageChunker(new ChunkOptions { Words = 100, PrependTitle = false }).Chunk(new Document("d", null, "man 是系统的 手册分页程序。"));
        Assert.Equal("man 是系统的 手册分页程序。", Assert.Single(passages).Text);
    }

    [Fact]
    public void TokenWindows_ChineseDocument_SeveralPassagesWithinTheBudget()
    {
        var doc = ManPage();
        var passages = new TokenChunker(_embedder.CountTokens, new TokenChunkOptions { Tokens = 254, PrependTitle = false }).Chunk(doc);

        Assert.True(passages.Count >= 6, $"{passages.Count} passages");
        Assert.All(passages, p => Assert.True(_embedder.CountTokens(p.Text) <= 254, $"passage {p.Id}: {_embedder.CountTokens(p.Text)} tokens"));
        Assert.Equal(NoSpace(doc.Text), string.Concat(passages.Select(p => NoSpace(p.Text))));
    }
}
