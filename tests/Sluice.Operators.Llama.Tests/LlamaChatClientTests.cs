using System.Diagnostics;
using Microsoft.Extensions.AI;
using Sluice.Operators.Drama;
using Sluice.Operators.Llm.Endpoints;
using Xunit.Abstractions;

namespace Sluice.Operators.Llama.Tests;

public sealed class LlamaChatClientTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-llama-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The answer shape of query generation, with short lower-case words so a random model finishes quickly.
    private const string QGenGrammar = """
        root ::= "Task: " w " " w "\nQuery: " w " " w "\nLanguage: " ("English" | "Bengali" | "Chinese")
        w ::= [a-z] [a-z]? [a-z]? [a-z]? [a-z]?
        """;

    private const string RankGrammar = """
        root ::= "[" d "] > [" d "] > [" d "]"
        d ::= [1-3]
        """;

    private LlamaChatClient Client() =>
        new(new LlamaChatOptions { ModelPath = TinyGguf.Write(Path.Combine(_dir, "tiny.gguf")), ContextSize = 2048, Threads = 2 });

    [Fact]
    public async Task Generate_WithGrammar_GivesParsableQuery()
    {
        using var llama = Client();
        var messages = DramaPrompts.QueryGeneration.Render(new Dictionary<string, string> { ["text"] = "The Nile is a long river." });
        var options = new ChatOptions { Temperature = 0.8f, TopP = 0.9f, MaxOutputTokens = 256, Seed = 3, AdditionalProperties = new() { ["grammar"] = QGenGrammar } };
        var clock = Stopwatch.StartNew();
        var response = await llama.GetResponseAsync([messages[0], messages[^1]], options);
        var seconds = clock.Elapsed.TotalSeconds;
        var parsed = QueryGenerationParser.Parse(response.Text, out var reason);
        Assert.True(parsed is not null, $"{reason}: {response.Text}");
        Assert.Contains(parsed!.Language, new[] { "English", "Bengali", "Chinese" });
        output.WriteLine($"llama.cpp tiny model: {response.Usage!.OutputTokenCount} tokens in {seconds:F2} s (prompt {response.Usage.InputTokenCount} tokens, load included)");
    }

    [Fact]
    public async Task Rerank_WithGrammar_ParsesAndCachesThroughGovernance()
    {
        using var llama = Client();
        await llama.OpenAsync();
        using var cache = new ResponseCache(Sluice.Storage.Objects.ObjectStores.Open(_dir), ownsStore: true);
        var client = ChatEndpoints.Govern(llama, "tiny", new EndpointGovernanceOptions { Log = TextWriter.Null }, cache);
        Candidate[] c = [new("a", "alpha", 3, 1), new("b", "beta", 2, 2), new("c", "gamma", 1, 3)];
        var messages = ListwiseRerankPrompt.Build("which?", c, new ListwiseRerankOptions());
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 32, AdditionalProperties = new() { ["grammar"] = RankGrammar } };
        var first = await client.GetResponseAsync(messages, options);
        var parse = RankingParser.Parse(first.Text, 3);
        Assert.False(parse.IsEmpty, first.Text);
        Assert.Equal(3, parse.Order.Distinct().Count());
        var again = await client.GetResponseAsync(messages, options);
        Assert.Equal(first.Text, again.Text);
        var stats = ChatEndpoints.StatsOf(client)!.Snapshot();
        Assert.Equal(1, stats.Attempts);
        Assert.Equal(1, stats.CacheHits);
    }

    [Fact]
    public async Task Throughput_TokensPerSecond_IsReported()
    {
        using var llama = Client();
        await llama.OpenAsync();
        var clock = Stopwatch.StartNew();
        var response = await llama.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")],
            new ChatOptions { Temperature = 1, MaxOutputTokens = 128, Seed = 1, AdditionalProperties = new() { ["grammar"] = "root ::= [a-z ]+" } });
        var rate = response.Usage!.OutputTokenCount!.Value / clock.Elapsed.TotalSeconds;
        output.WriteLine($"llama.cpp tiny model on {Environment.ProcessorCount} cores: {response.Usage.OutputTokenCount} tokens, {rate:F0} tokens/s");
        Assert.True(response.Usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Open_MissingFile_ThrowsClearly()
    {
        using var llama = new LlamaChatClient(new LlamaChatOptions { ModelPath = Path.Combine(_dir, "none.gguf") });
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => llama.OpenAsync());
        Assert.Contains("none.gguf", e.Message);
    }
}
