using System.Text;
using Sluice.Testing;
using Xunit.Abstractions;

namespace Sluice.Cli.Tests.Adversarial;

/// <summary>
/// The README's quickstart, run by the published CLI on the bundled SciFact abstracts made hostile. Each run is
/// compared with a run on the intact part of the same data: exactly its records, its rejects plus one that names the
/// file and says why, exit 0 (and 1 under <c>--strict</c>).
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class QuickstartHostileInputTests(ITestOutputHelper log) : IDisposable
{
    private const int BeforeCut = 100;
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-hostile-").FullName;
    private static readonly string[] Lines = File.ReadAllLines(RepoPaths.ScifactAbstracts).Select(l => l + "\n").ToArray();

    private string Path(string name) => System.IO.Path.Combine(_dir, name);

    /// <summary>The quickstart on <paramref name="lines"/> as plain JSONL: what an undamaged input gives.</summary>
    private async Task<QuickstartRun> BaselineAsync(string name, IEnumerable<string> lines)
    {
        File.WriteAllText(Path(name + ".jsonl"), string.Concat(lines), new UTF8Encoding(false));
        var run = await QuickstartRun.RunAsync(Path(name + ".jsonl"), Path(name + "-out"));
        Assert.True(run.ExitCode == 0, run.Output);
        return run;
    }

    private QuickstartRun Logged(QuickstartRun run)
    {
        log.WriteLine($"exit {run.ExitCode}, {run.Ids.Length} records, {run.Rejects.Length} rejects\n{run.Output}");
        foreach (var r in run.Rejects) log.WriteLine($"reject {r.Operator} {r.File} {r.Position}: {r.Reason}");
        return run;
    }

    [Fact]
    public async Task Run_GzipCutAtAFlushPoint_KeepsTheRecordsBeforeTheCutAndRejectsTheRest()
    {
        var baseline = await BaselineAsync("first-100", Lines[..BeforeCut]);
        var (gzip, flushPoint) = HostileInputs.GzipWithFlushPoint(Lines, BeforeCut);
        var input = Path("cut.jsonl.gz");
        File.WriteAllBytes(input, gzip[..flushPoint]);

        var run = Logged(await QuickstartRun.RunAsync(input, Path("cut-out")));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(baseline.Ids, run.Ids);
        Assert.Equal(baseline.Rejects.Length + 1, run.Rejects.Length);
        var damage = Assert.Single(run.Rejects, r => r.Operator.StartsWith("read", StringComparison.Ordinal));
        Assert.Equal("file://" + input, damage.File);
        Assert.Contains($"compressed byte {flushPoint}", damage.Reason);

        var strict = Logged(await QuickstartRun.RunAsync(input, Path("cut-strict"), "--strict"));
        Assert.Equal(1, strict.ExitCode);
        Assert.Empty(strict.Ids);
    }

    [Theory]
    [InlineData("""{"id":"x","title":"t","text":null}""", "field 'text' is null or missing, but Document.Text is not nullable")]
    [InlineData("""{"id":"x","title":"t"}""", "field 'text' is null or missing")]
    [InlineData("""{"id":"a","id":"b","title":"t","text":"t"}""", "Duplicate property 'id'")]
    public async Task Run_LineWithANullTextOrARepeatedKey_IsARejectAndTheRunKeepsEveryOtherRecord(string hostile, string reason)
    {
        var baseline = await BaselineAsync("intact", Lines);
        var input = Path("hostile.jsonl");
        File.WriteAllText(input, string.Concat([.. Lines[..3], hostile + "\n", .. Lines[3..]]), new UTF8Encoding(false));

        var run = Logged(await QuickstartRun.RunAsync(input, Path("hostile-out")));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(baseline.Ids, run.Ids);
        Assert.Equal(baseline.Rejects.Length + 1, run.Rejects.Length);
        var bad = Assert.Single(run.Rejects, r => r.Operator.StartsWith("read", StringComparison.Ordinal));
        Assert.Equal("file://" + input, bad.File);
        Assert.Equal(4, bad.Position);
        Assert.Contains(reason, bad.Reason);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
