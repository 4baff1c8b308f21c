using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Text;
using Sluice.Operators.Text.Chunking;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Text.Chunking;

public sealed class TokenChunkerTests : IDisposable
{
    private readonly MiniLmEmbedder _embedder = new();

    private static Document Abstract()
    {
        var line = File.ReadLines(Path.Combine(RepoPaths.Root, "examples/data/scifact-abstracts.jsonl")).First(l => l.Length > 2500);
        return System.Text.Json.JsonSerializer.Deserialize<Document>(line, Sluice.Storage.Formats.SluiceJson.Options)!;
    }

    [Fact]
    public void Chunk_RealAbstract_WindowsStayWithinTokenBudgetAndCoverEveryWord()
    {
        var doc = Abstract();
        var chunker = new TokenChunker(_embedder.CountTokens, new TokenChunkOptions { Tokens = 64 });

        var passages = chunker.Chunk(doc);

        Assert.True(passages.Count > 1);
        foreach (var p in passages) Assert.True(_embedder.CountTokens(p.Text) <= 64, $"passage {p.Id} has {_embedder.CountTokens(p.Text)} tokens");
        var words = passages.SelectMany(p => doc.Text[p.CharStart..p.CharEnd].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(doc.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), words);
        Assert.All(passages, p => Assert.StartsWith(doc.Title!.Trim() + " ", p.Text));
        Assert.Equal(Enumerable.Range(0, passages.Count), passages.Select(p => p.PassageIndex));
    }

    [Fact]
    public void Chunk_WordLongerThanWindow_BecomesItsOwnPassage()
    {
        var chunker = new TokenChunker(_embedder.CountTokens, new TokenChunkOptions { Tokens = 4, PrependTitle = false });
        var doc = new Document("d", null, "a pneumonoultramicroscopicsilicovolcanoconiosis b");

        var passages = chunker.Chunk(doc);

        Assert.Contains(passages, p => p.Text == "pneumonoultramicroscopicsilicovolcanoconiosis");
        Assert.Equal("a pneumonoultramicroscopicsilicovolcanoconiosis b", string.Join(" ", passages.Select(p => p.Text)));
    }

    public void Dispose() => _embedder.Dispose();

}
