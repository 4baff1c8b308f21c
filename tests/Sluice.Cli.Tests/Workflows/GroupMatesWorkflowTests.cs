using Sluice.Storage.Rows;
using System.Text.Json;
using Sluice.Cli.Tests.Launch;
using Sluice.Operators.Selection;
using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Workflows;

/// <summary>
/// <c>examples/group-mates.csx</c> end to end through the CLI on the bundled SciFact abstracts with its toy defaults
/// (TorchSharp on the CPU; about 10–30 s).
/// </summary>
[Trait("Category", "Integration")]
public sealed class GroupMatesWorkflowTests : IDisposable
{
    private readonly LaunchTestData.TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task Run_GroupMatesScript_MaterialisesExactlyTheSelectionAndARerunSkipsEverything()
    {
        var work = Path.Combine(_tmp.Path, "work");
        string[] argv = ["run", RepoPaths.Of("examples", "group-mates.csx"), "--work", work, "--run", Path.Combine(_tmp.Path, "run"), "--ratio", "0.5"];

        var first = await WorkflowRun.CliAsync(argv);

        Assert.True(first.Code == 0, first.Out + first.Err);
        var selected = File.ReadLines(Path.Combine(work, "selection", "selected.jsonl"))
            .Select(l => JsonSerializer.Deserialize<SelectedDocument>(l, SluiceJson.Options)!.Id).Order(StringComparer.Ordinal).ToArray();
        var materialised = (await RecordCollector.CollectAsync(p => p.ReadJsonl<Document>(Path.Combine(work, "selected"))))
            .Select(d => d.Id).Order(StringComparer.Ordinal).ToArray();
        // The pool is every sequence but the reference set (the first 16, the toy default), which is never selected.
        var sequences = (await RecordCollector.CollectAsync(p => p.ReadJsonl<Row>(Path.Combine(work, "sequences")))).Select(r => r.Get<string>("id")!).ToArray();
        var reference = sequences.Take(16).ToArray();
        var pool = sequences.Length - reference.Length;
        Assert.Empty(selected.Intersect(reference));
        Assert.Equal(selected, materialised);
        Assert.Equal(materialised.Length, materialised.Distinct().Count());
        // floor(r·n) per cluster: at most one document per cluster (3 by default) below r·pool.
        Assert.InRange(materialised.Length, (int)(0.5 * pool) - 3, (int)(0.5 * pool));

        var checkpoint = Path.Combine(work, "checkpoint", "probe-lm.bin");
        var trained = File.GetLastWriteTimeUtc(checkpoint);
        var second = await WorkflowRun.CliAsync(argv);

        Assert.True(second.Code == 0, second.Out + second.Err);
        foreach (var stage in new[] { "tokenize", "oracle", "score", "materialise" })
            Assert.Contains($"stage {stage} (pipeline): skipped (already complete)", second.Out);
        foreach (var step in new[] { "pretrain", "fit", "select" })
            Assert.Contains($"stage {step} (step): skipped (already done)", second.Out);
        Assert.Equal(trained, File.GetLastWriteTimeUtc(checkpoint));
    }
}
