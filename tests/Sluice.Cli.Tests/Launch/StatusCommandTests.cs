using System.Text.Json;
using Sluice.Cli.Launch;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Formats;

namespace Sluice.Cli.Tests.Launch;

public class StatusCommandTests : IDisposable
{
    private readonly LaunchTestData.TempFolder _tmp = new();
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-3);

    public void Dispose() => _tmp.Dispose();

    private string Run => Path.Combine(_tmp.Path, "run");

    private void Write(string key, object record)
    {
        var path = Path.Combine(Run, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(record, record.GetType(), SluiceJson.Options));
    }

    private static UnitCommit Commit(string unit, int rank, long recordsIn, long rows) =>
        new(unit, $"a{rank}000000", rank, new Dictionary<string, IReadOnlyList<SinkOutput>> { ["write-1"] = [new SinkOutput($"part-{unit}.jsonl.gz", rows, 100, unit)] },
            [], recordsIn, recordsIn - rows, T0.AddSeconds(30));

    private static AttemptStatus Attempt(string id, int rank, string state, int startedS, int updatedS, string? error = null) =>
        new(id, rank, 2, "node1", 1000 + rank, state, 3, 0, 0, T0.AddSeconds(startedS), T0.AddSeconds(updatedS), error);

    /// <summary>
    /// Six equal units over two ranks (LPT: u000000 u000002 u000004 to rank 0, the odd ones to rank 1); rank 0 is
    /// running with two committed, rank 1 failed twice after committing one.
    /// </summary>
    private void WriteRun()
    {
        var units = Enumerable.Range(0, 6).Select(i => new WorkUnit($"u{i:D6}", 0, "file:///in.jsonl", i * 100, i * 100 + 100, 100, UnitKind.ByteRange, "f")).ToList();
        Write("run.json", new RunManifest("word-count", "g", new Dictionary<string, string>(), "h", 2, units, T0));
        Write("commits/u000000.json", Commit("u000000", 0, 10, 9));
        Write("commits/u000002.json", Commit("u000002", 0, 20, 20));
        Write("commits/u000001.json", Commit("u000001", 1, 30, 28));
        Write("attempts/a0000000.json", Attempt("a0000000", 0, "running", 0, 120));
        Write("attempts/a1000000.json", Attempt("a1000000", 1, "failed", 0, 40, "first failure"));
        Write("attempts/a1b00000.json", Attempt("a1b00000", 1, "failed", 50, 60, "u000003: write-1: No space left on device"));
    }

    private async Task<(int Code, string Out, string Err)> StatusAsync(string run)
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        var code = await Program.RunAsync(["status", run], @out, err, CancellationToken.None);
        return (code, @out.ToString(), err.ToString());
    }

    private static string[] RankRow(string output, int rank) =>
        output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(w => w.Length > 0 && w[0] == rank.ToString());

    [Fact]
    public async Task Status_HandMadeRun_PrintsPerRankCounts()
    {
        WriteRun();
        var (code, @out, err) = await StatusAsync(Run);

        Assert.True(code == 0, err);
        // rank state units committed running pending records records/s
        var rank0 = RankRow(@out, 0);
        Assert.Equal(["0", "running", "3", "2", "1", "0", "30"], rank0[..7]);
        var rank1 = RankRow(@out, 1);
        Assert.Equal(["1", "failed", "3", "1", "0", "2", "30"], rank1[..7]);
        Assert.Contains("units: 3 committed, 1 running, 2 pending (50% done)", @out);
        Assert.Contains("records: 60 in, 57 out, 3 rejected; 0.5 records/s over 00:02:00 (3 attempts)", @out);
    }

    [Fact]
    public async Task Status_FailedAttempts_NewestFirstWithMessages()
    {
        WriteRun();
        var (_, @out, _) = await StatusAsync(Run);

        var lines = @out.Split('\n');
        var header = Array.IndexOf(lines, "last failures (newest first):");
        Assert.True(header > 0, @out);
        Assert.Contains("rank 1, attempt a1b00000 on node1 pid 1001: u000003: write-1: No space left on device", lines[header + 1]);
        Assert.Contains("attempt a1000000 on node1 pid 1001: first failure", lines[header + 2]);
    }

    [Fact]
    public async Task Status_MissingRun_ClearError()
    {
        var missing = Path.Combine(_tmp.Path, "nothing");
        var (code, @out, err) = await StatusAsync(missing);

        Assert.Equal(1, code);
        Assert.Equal("", @out);
        Assert.Contains($"no run at {missing}: start one with sluice run SCRIPT --run {missing}", err);
    }

    [Fact]
    public async Task ReadAsync_OldHeartbeat_RankIsLostAndItsUnitsPending()
    {
        WriteRun();
        var report = await RunStatusReport.ReadAsync(Run, T0.AddMinutes(30), TimeSpan.FromMinutes(10), CancellationToken.None);

        var rank0 = report.Ranks[0];
        Assert.Equal("lost", rank0.State);
        Assert.Equal((0, 1), (rank0.Running, rank0.Pending));
    }

    [Fact]
    public async Task ReadAsync_NoAttemptsYet_RanksPending()
    {
        var units = new[] { new WorkUnit("u000000", 0, "file:///in", 0, 1, 1, UnitKind.WholeFile, "f") };
        Write("run.json", new RunManifest("p", "g", new Dictionary<string, string>(), "h", 3, units, T0));

        var report = await RunStatusReport.ReadAsync(Run, T0, RunStatusReport.DefaultStaleAfter, CancellationToken.None);

        Assert.Equal(3, report.WorldSize);
        Assert.All(report.Ranks, r => Assert.Equal("pending", r.State));
        Assert.Equal(1, report.Ranks.Sum(r => r.Pending));
        Assert.Null(report.RecordsPerSecond);
    }

    [Fact]
    public async Task Status_Json_ParsesWithRanks()
    {
        WriteRun();
        var @out = new StringWriter();
        var code = await Program.RunAsync(["status", Run, "--json"], @out, new StringWriter(), CancellationToken.None);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(@out.ToString());
        Assert.Equal(2, json.RootElement.GetProperty("ranks").GetArrayLength());
        Assert.Equal("failed", json.RootElement.GetProperty("ranks")[1].GetProperty("state").GetString());
    }
}
