using System.Text.Json;
using Sluice.Cli.Tests.Commands;
using Sluice.Operators.Llama.Tests;
using Sluice.Operators.Text;
using Sluice.Pipelines.Contracts;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Scripting;

/// <summary>
/// Operator packages through the CLI: the torch and llama packages the test build links under <c>packages/</c> (as
/// <c>make build</c> publishes them to <c>build/packages/</c>) loaded with <c>#r "sluice: NAME"</c>, a hint naming the
/// package when a script uses its verb without it, and a third party's package (<c>tests/Acme.Shout</c>) loaded by path.
/// </summary>
public sealed class OperatorPackageTests : IDisposable
{
    private const string EmbedWithTorch = """
        var pipeline = Pipeline.Create("torch-embed")
            .ReadJsonl<Document>(Param("input", "in.jsonl"))
            .Chunk(words: 100)
            .EmbedWithTorch(new TorchMiniLmOptions { Device = TorchDeviceKind.Cpu })
            .WriteArrowShards(Output("out"))
            .Build();
        return pipeline;
        """;

    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Plan_TorchVerbWithSluiceReference_Plans()
    {
        var script = _box.Script("torch.csx", "#r \"sluice: torch\"\n" + EmbedWithTorch);

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("plan", script, "--input", CliSandbox.Abstracts);

        Assert.True(exit == 0, stderr);
        Assert.Contains("embed-torch", stdout);
    }

    [Fact]
    public async Task Plan_TorchVerbWithoutReference_CompileErrorNamesThePackage()
    {
        var script = _box.Script("no-ref.csx", EmbedWithTorch);

        var (exit, _, stderr) = await CliSandbox.SluiceAsync("plan", script, "--input", CliSandbox.Abstracts);

        Assert.Equal(2, exit);
        Assert.Contains("no-ref.csx(4,", stderr);
        Assert.Contains("'EmbedWithTorch'", stderr);
        Assert.Contains("hint: 'EmbedWithTorch' is in the operator package 'torch'; add #r \"sluice: torch\"", stderr);
        Assert.Contains("hint: 'TorchMiniLmOptions' is in the operator package 'torch'", stderr);
    }

    [Fact]
    public async Task Plan_UnknownPackageName_ErrorListsInstalledPackages()
    {
        var script = _box.Script("unknown.csx", "#r \"sluice: tensorflow\"\n" + EmbedWithTorch);

        var (exit, _, stderr) = await CliSandbox.SluiceAsync("plan", script);

        Assert.Equal(2, exit);
        Assert.Contains("unknown.csx(1,1): error: no operator package 'tensorflow'", stderr);
        Assert.Contains("installed: language, llama, torch", stderr);
    }

    [Fact]
    public async Task Plan_LlamaChatClientWithSluiceReference_Plans()
    {
        var script = _box.Script("llama.csx", """
            #r "sluice: llama"
            var llm = ChatEndpoints.Govern(new LlamaChatClient(new LlamaChatOptions { ModelPath = Param("model", "model.gguf") }), "local-llama");
            var pipeline = Pipeline.Create("llama-queries")
                .ReadJsonl<Document>(Param("input", "in.jsonl"))
                .Chunk(words: 100)
                .GenerateQueries(llm)
                .WriteJsonl(Output("out"))
                .Build();
            return pipeline;
            """);

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("plan", script, "--input", CliSandbox.Abstracts);

        Assert.True(exit == 0, stderr);
        Assert.Contains("generate-queries", stdout);
    }

    [Fact]
    public async Task Run_LlamaChatClientFromPackage_EveryPassageGetsAQueryOrAReject()
    {
        // llama.cpp's natives come from the package's folder (runtimes/…), through its load context.
        var model = TinyGguf.Write(_box.File("tiny.gguf"));
        var input = _box.File("in.jsonl");
        await File.WriteAllLinesAsync(input, new[] { "a", "b", "c" }.Select(id => $$"""{"id":"{{id}}","title":"t","text":"The Nile is a long river in {{id}}."}"""));
        var script = _box.Script("llama-run.csx", """
            #r "sluice: llama"
            var llm = ChatEndpoints.Govern(new LlamaChatClient(new LlamaChatOptions { ModelPath = Param("model", "tiny.gguf"), ContextSize = 4096, Threads = 2 }), "tiny");
            return Pipeline.Create("llama-queries")
                .ReadJsonl<Document>(Param("input", "in.jsonl"))
                .Chunk(words: 100)
                .GenerateQueries(llm, new QueryGenerationOptions { MaxOutputTokens = 12, Seed = 1 })
                .WriteJsonl(Output("out"), Compression.None)
                .Build();
            """);
        var output = _box.File("out");

        var (exit, _, stderr) = await CliSandbox.SluiceAsync("run", script, "--model", model, "--input", input, "--output", output);

        Assert.True(exit == 0, stderr);
        var queries = Directory.EnumerateFiles(output, "*.jsonl").SelectMany(File.ReadLines).Count(l => l.Length > 0);
        var rejects = Directory.EnumerateFiles(Path.Combine(output, "_rejects"), "*.jsonl").SelectMany(File.ReadLines).Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<RejectRecord>(l, SluiceJson.Options)!).ToArray();
        Assert.Equal(3, queries + rejects.Length);
        Assert.All(rejects, r => Assert.Equal("generate-queries", r.Operator));
        Assert.All(rejects, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
    }

    [Fact]
    public async Task Plan_ThirdPartyPackageByPathRelativeToScript_Plans()
    {
        var folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "test-packages", "shout"));
        Directory.CreateSymbolicLink(_box.File("vendor"), folder);
        var script = _box.Script("relative.csx", """
            #r "vendor/Acme.Shout.dll"
            return Pipeline.Create("shout").ReadJsonl<Document>(Param("input", "in.jsonl")).Shout().WriteJsonl(Output("out")).Build();
            """);

        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("plan", script, "--input", CliSandbox.Abstracts);

        Assert.True(exit == 0, stderr);
        Assert.Contains("transform shout", stdout);
    }

    [Fact]
    public async Task Run_ThirdPartyPackageByPath_ItsVerbRuns()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "test-packages", "shout", "Acme.Shout.dll");
        Assert.True(File.Exists(dll), $"the test build links tests/Acme.Shout's output to {dll}");
        var input = _box.File("in.jsonl");
        await File.WriteAllTextAsync(input, """{"id":"a","title":"t","text":"quiet words"}""" + "\n");
        var script = _box.Script("shout.csx", $$"""
            #r "{{Path.GetFullPath(dll)}}"
            return Pipeline.Create("shout").ReadJsonl<Document>(Param("input", "in.jsonl")).Shout().WriteJsonl(Output("out"), Compression.None).Build();
            """);
        var output = _box.File("out");

        var (exit, _, stderr) = await CliSandbox.SluiceAsync("run", script, "--input", input, "--output", output);

        Assert.True(exit == 0, stderr);
        var rows = Directory.EnumerateFiles(output, "*.jsonl").SelectMany(File.ReadLines)
            .Select(l => JsonSerializer.Deserialize<Document>(l, SluiceJson.Options)!.Text).ToArray();
        Assert.Equal(["QUIET WORDS"], rows);
    }
}
