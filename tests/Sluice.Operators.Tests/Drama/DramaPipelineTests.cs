using Microsoft.Extensions.AI;
using Sluice.Operators.Drama;
using Sluice.Operators.Llm.Endpoints;
using Sluice.Operators.Tests.Llm.Endpoints;
using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;

namespace Sluice.Operators.Tests.Drama;

public sealed class DramaPipelineTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sluice-drama-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private sealed class FixedRetriever : ICandidateRetriever
    {
        public Task<IReadOnlyList<IReadOnlyList<Candidate>>> RetrieveAsync(IReadOnlyList<string> queries, int k, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<IReadOnlyList<Candidate>>>(queries.Select(q => (IReadOnlyList<Candidate>)Enumerable.Range(1, k)
                .Select(r => new Candidate($"c{r}", $"candidate {r} for {q}", 100 - r, r)).ToArray()).ToArray());
    }

    private static TestDoubleReply Script(int n, string last) =>
        last.StartsWith("Text: ") ? TestDoubleReply.Ok(last.Contains("garbled") ? "I am not sure." : "Task: find it\nQuery: query about " + last[6..] + "\nLanguage: English")
        : last.Contains("Search query:") ? TestDoubleReply.Ok("[2] > [1] > [2] blah")
        : TestDoubleReply.Ok("");

    private Pipeline Build(IChatClient client, string output)
    {
        var input = Path.Combine(_dir, "passages.jsonl");
        var p = Pipeline.Create("drama-test").ReadJsonl<Passage>(input);
        var crop = p.CropSentences(new CropOptions { MinWords = 2 });
        var qgen = p.GenerateQueries(client);
        return crop.Merge([qgen])
            .RetrieveCandidates(new FixedRetriever(), k: 50)
            .RerankListwise(client)
            .MineLabels(LabelMiningOptions.Reranked with { NegativesPerQuery = 3 })
            .ToDprExamples()
            .WriteJsonl(output, Sluice.Storage.Formats.Compression.None)
            .Build();
    }

    [Fact]
    public async Task Run_CropQGenRerankMine_WritesDprLinesAndRerunSendsNothing()
    {
        Directory.CreateDirectory(_dir);
        var lines = Enumerable.Range(0, 6).Select(i => System.Text.Json.JsonSerializer.Serialize(new
        {
            id = $"d{i}#0", doc_id = $"d{i}", passage_index = 0, title = "", text = i == 5 ? "garbled words here. more words there." : $"Passage number {i} talks about things. It has two sentences.",
            char_start = 0, char_end = 10,
        }));
        await File.WriteAllLinesAsync(Path.Combine(_dir, "passages.jsonl"), lines);
        using var server = new OpenAiTestDouble(Script);
        var cache = Path.Combine(_dir, "cache-store");
        IChatClient Client() => ChatEndpoints.OpenAiCompatible(
            new OpenAiCompatibleOptions { BaseUrl = server.BaseUrl, Model = "m", ApiKeyEnvironmentVariable = "SLUICE_TEST_NO_KEY" },
            new EndpointGovernanceOptions { Log = TextWriter.Null }, cache);

        var first = Client();
        var result = await PipelineRunner.RunAsync(Build(first, Path.Combine(_dir, "out1")), new RunOptions { RunUri = Path.Combine(_dir, "run1") });
        Assert.Equal(RunStatus.Completed, result.Status);
        var output = Directory.GetFiles(Path.Combine(_dir, "out1"), "*.jsonl", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_rejects")).SelectMany(File.ReadAllLines).ToArray();
        // 6 crops + 5 parsable generated queries; the garbled passage's answer is rejected.
        Assert.True(11 == output.Length, string.Join("\n", output));
        Assert.All(output, l => Assert.Contains("\"positive_ctxs\":[{\"passage_id\":\"c2\"", l));
        Assert.True(result.Rejected >= 1);
        var requests = server.Requests;
        Assert.Equal(6 + 11, requests);

        // A second run over the same cache (another run folder) makes no endpoint call.
        var second = Client();
        var again = await PipelineRunner.RunAsync(Build(second, Path.Combine(_dir, "out2")), new RunOptions { RunUri = Path.Combine(_dir, "run2") });
        Assert.Equal(RunStatus.Completed, again.Status);
        Assert.Equal(requests, server.Requests);
        Assert.Equal(0, ChatEndpoints.StatsOf(second)!.Attempts);
        Assert.Equal(requests, ChatEndpoints.StatsOf(second)!.CacheHits);
    }
}
