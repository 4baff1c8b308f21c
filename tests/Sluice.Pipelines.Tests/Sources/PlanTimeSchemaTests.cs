using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;

namespace Sluice.Pipelines.Tests.Sources;

/// <summary>A typed read of a Parquet or Arrow file whose columns do not fit the record fails while planning, before
/// any unit runs (the runner throws before writing anything), naming the file, the column and both types; a record matching no column is an error, not null rows.</summary>
public sealed class PlanTimeSchemaTests
{
    private sealed record TextAsNumber(string Id, long? Text);

    private sealed record Unrelated(string? Title, long? Year);

    private sealed record NeedsScore(string Id, double Score);

    public static TheoryData<string> Formats() => new("parquet", "arrow");

    [Theory, MemberData(nameof(Formats))]
    public async Task ColumnOfAnotherType_FailsThePlan_NamingFileColumnAndTypes(string format)
    {
        using var dir = new TempDir();
        var file = await WriteAsync(dir, format);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Runs.RunAsync(Read<TextAsNumber>(format, file, dir.File("out"))));
        Assert.StartsWith($"file://{file}", e.Message);
        Assert.Contains("cannot be read as TextAsNumber: column 'text'", e.Message);
        Assert.Contains("TextAsNumber.Text", e.Message);
        Assert.Matches("string|utf8", e.Message);
        Assert.Matches("long|Int64", e.Message);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Theory, MemberData(nameof(Formats))]
    public async Task RecordMatchingNoColumn_FailsThePlan_ListingWhatTheFileHas(string format)
    {
        using var dir = new TempDir();
        var file = await WriteAsync(dir, format);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Runs.RunAsync(Read<Unrelated>(format, file, dir.File("out"))));
        Assert.Contains("none of Unrelated's columns (title, year) is in the file (it has: id, n, text)", e.Message);
    }

    [Fact]
    public async Task JsonlWhoseFirstLineSharesNoField_FailsThePlan()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("in.jsonl"), ["{\"headline\":\"a\",\"body\":\"b\"}", "{\"headline\":\"c\"}"]);
        var pipeline = Pipeline.Create("check").ReadJsonl<Unrelated>(dir.File("in.jsonl")).WriteJsonl(dir.File("out")).Build();
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Runs.RunAsync(pipeline));
        Assert.Contains("in.jsonl cannot be read as Unrelated: its first line shares no field with Unrelated (title, year; the line has keys headline, body)", e.Message);
        // The same file as rows, and a record sharing one field, still read.
        File.WriteAllLines(dir.File("ok.jsonl"), ["{\"title\":\"a\",\"body\":\"b\"}"]);
        var ok = Pipeline.Create("check").ReadJsonl<Unrelated>(dir.File("ok.jsonl")).WriteJsonl(dir.File("out2")).Build();
        Assert.Equal(RunStatus.Completed, (await Runs.RunAsync(ok)).Status);
    }

    [Theory, MemberData(nameof(Formats))]
    public async Task MissingNonNullableColumn_FailsThePlan(string format)
    {
        using var dir = new TempDir();
        var file = await WriteAsync(dir, format);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Runs.RunAsync(Read<NeedsScore>(format, file, dir.File("out"))));
        Assert.Contains("column 'score' (NeedsScore.Score) is missing and is not nullable", e.Message);
    }

    [Theory, MemberData(nameof(Formats))]
    public async Task FittingRecord_StillReads(string format)
    {
        using var dir = new TempDir();
        var file = await WriteAsync(dir, format);
        var result = await Runs.RunAsync(Read<Row>(format, file, dir.File("out")));
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(5, (await Runs.ReadDatasetAsync<Row>(dir.File("out"))).Count);
    }

    private static Pipeline Read<T>(string format, string file, string output)
    {
        var p = Pipeline.Create("check");
        var flow = format == "parquet" ? p.ReadParquet<T>(file) : p.ReadArrow<T>(file);
        return flow.WriteJsonl(output).Build();
    }

    // One shard of TestSupport.Row records (id, n, text) in the format.
    private static async Task<string> WriteAsync(TempDir dir, string format)
    {
        Runs.WriteJsonl(dir.File("in.jsonl"), Enumerable.Range(0, 5).Select(Row.Make));
        var flow = Pipeline.Create("make").ReadJsonl<Row>(dir.File("in.jsonl"));
        var made = dir.File("made");
        var pipeline = format == "parquet" ? flow.WriteParquet(made) : flow.WriteArrowShards(made);
        Assert.Equal(RunStatus.Completed, (await Runs.RunAsync(pipeline.Build())).Status);
        return Path.Combine(made, Runs.ReadManifest(made)!.Shards[0].Key);
    }
}
