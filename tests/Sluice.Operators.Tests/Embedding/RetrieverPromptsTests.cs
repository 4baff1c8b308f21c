using Microsoft.Extensions.AI;
using Sluice.Operators.Embedding;
using Sluice.Operators.Models.Embedding;

namespace Sluice.Operators.Tests.Embedding;

/// <summary>The query and passage sides of an asymmetric retriever embed exactly the marked text, on the real MiniLM.</summary>
public sealed class RetrieverPromptsTests : IDisposable
{
    private readonly MiniLmEmbedder _embedder = new();

    public void Dispose() => _embedder.Dispose();

    private async Task<float[]> Embed(IEmbeddingGenerator<string, Embedding<float>> generator, string text) =>
        (await generator.GenerateAsync([text]))[0].Vector.ToArray();

    [Fact]
    public async Task E5_QuerySide_EmbedsTheMarkedQuery()
    {
        var queries = _embedder.ForQueries(RetrieverPrompts.E5);

        var marked = await Embed(queries, "how deep is the pacific");

        Assert.Equal(await Embed(_embedder, "query: how deep is the pacific"), marked);
        Assert.NotEqual(await Embed(_embedder, "how deep is the pacific"), marked);
    }

    [Fact]
    public async Task RepLlama_PassageSide_PutsPrefixAndEndMarker()
    {
        var passages = _embedder.ForPassages(RetrieverPrompts.RepLlama);

        Assert.Equal(await Embed(_embedder, "passage: The Nile flows north.</s>"), await Embed(passages, "The Nile flows north."));
        Assert.Equal("query: ", Assert.IsType<PrefixedEmbeddingGenerator>(_embedder.ForQueries(RetrieverPrompts.RepLlama)).Prefix);
    }

    [Fact]
    public async Task Instruction_QueriesOnly_PassagesUnchanged()
    {
        var prompts = RetrieverPrompts.Instruction("Given a claim, retrieve passages that support or refute it");

        Assert.Same(_embedder, _embedder.ForPassages(prompts));
        Assert.Equal(await Embed(_embedder, "Instruct: Given a claim, retrieve passages that support or refute it\nQuery: x"),
            await Embed(_embedder.ForQueries(prompts), "x"));
    }

    [Theory]
    [InlineData("none", "", "")]
    [InlineData("E5", "query: ", "passage: ")]
    [InlineData("repllama", "query: ", "passage: ")]
    public void Named_Presets(string name, string query, string passage)
    {
        var p = RetrieverPrompts.Named(name);
        Assert.Equal((query, passage), (p.QueryPrefix, p.PassagePrefix));
    }

    [Fact]
    public void Named_Unknown_SaysWhichAreKnown() =>
        Assert.Contains("none, e5 or repllama", Assert.Throws<ArgumentException>(() => RetrieverPrompts.Named("bge")).Message);
}
