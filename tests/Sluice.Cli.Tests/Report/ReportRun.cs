using System.Text.Json;
using Sluice.Cli.Tests.Commands;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Report;

/// <summary>
/// A real <c>sluice run examples/quickstart.csx</c> (in process) over the SciFact abstracts plus records holding markup,
/// five of them too short (rejected by min-words); a class fixture, so a test class runs the pipeline once.
/// </summary>
public sealed class ReportRun : IAsyncLifetime
{
    /// <summary>Markup a record carries; a page that runs it would log a console error.</summary>
    public const string Markup = "<script>console.error('markup ran')</script>";

    /// <summary>How many input records are too short and rejected.</summary>
    public const int ShortRecords = 5;

    private readonly CliSandbox _box = new();

    public string Input => _box.File("input.jsonl");
    public string Output => _box.File("out");
    public string RunFolder => _box.File("run");
    public string Folder => _box.Path;

    /// <summary>Writes the input and runs the quickstart into <see cref="Output"/> with run folder <see cref="RunFolder"/>.</summary>
    public async Task InitializeAsync()
    {
        var lines = File.ReadLines(CliSandbox.Abstracts).ToList();
        for (var i = 0; i < ShortRecords; i++)
            lines.Add(JsonSerializer.Serialize(new { id = $"short-{i}", title = Markup, text = $"too short {Markup}" }));
        // A long one passes, so the sample rows of the output hold markup too.
        lines.Insert(0, JsonSerializer.Serialize(new { id = "markup-kept", title = Markup, text = string.Join(' ', Enumerable.Repeat("word", 60)) + " <img src=x onerror=alert(1)>" }));
        await File.WriteAllLinesAsync(Input, lines);
        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("run", RepoPaths.Of("examples", "quickstart.csx"),
            "--input", Input, "--output", Output, "--run", RunFolder);
        Assert.True(exit == 0, stdout + stderr);
    }

    /// <summary>Runs <c>sluice report SOURCE --out PAGE</c> and returns the page's text.</summary>
    public static async Task<string> ReportAsync(string source, string page)
    {
        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("report", source, "--out", page);
        Assert.True(exit == 0, stdout + stderr);
        return await File.ReadAllTextAsync(page);
    }

    public Task DisposeAsync()
    {
        _box.Dispose();
        return Task.CompletedTask;
    }
}
