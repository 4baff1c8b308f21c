using System.Text;
using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.TestSupport;

/// <summary>Running pipelines under a generous limit and reading back what they wrote.</summary>
public static class Runs
{
    /// <summary>Far above any run of these tests: reaching it means the run hung.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="pipeline"/> and fails the test if it has not ended within <see cref="HangLimit"/>.</summary>
    public static async Task<RunResult> RunAsync(Pipeline pipeline, RunOptions? options = null)
    {
        var run = PipelineRunner.RunAsync(pipeline, options);
        var first = await Task.WhenAny(run, Task.Delay(HangLimit));
        Assert.True(first == run, $"pipeline '{pipeline.Name}' did not finish within {HangLimit.TotalSeconds} s");
        return await run;
    }

    public static void WriteJsonl(string path, IEnumerable<Row> rows) =>
        File.WriteAllLines(path, rows.Select(r => JsonSerializer.Serialize(r, SluiceJson.Options)));

    public static string JsonLine(Row row) => JsonSerializer.Serialize(row, SluiceJson.Options);

    public static DatasetManifest? ReadManifest(string folder)
    {
        var path = Path.Combine(folder, DatasetManifest.FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllBytes(path), SluiceJson.Options) : null;
    }

    /// <summary>The records of a dataset, shard by shard in manifest order; fails when there is no manifest.</summary>
    public static async Task<List<T>> ReadDatasetAsync<T>(string folder)
    {
        var manifest = ReadManifest(folder);
        Assert.True(manifest is not null, $"no {DatasetManifest.FileName} in {folder}");
        var rows = new List<T>();
        foreach (var shard in manifest!.Shards) rows.AddRange(await ReadShardAsync<T>(Path.Combine(folder, shard.Key), manifest.Format));
        Assert.Equal(manifest.Rows, rows.Count);
        return rows;
    }

    public static async Task<List<T>> ReadShardAsync<T>(string path, string format)
    {
        var rows = new List<T>();
        await using var file = File.OpenRead(path);
        switch (format)
        {
            case "jsonl":
                await using (var text = CompressionCodec.OpenRead(file, CompressionCodec.FromKey(path)))
                    await foreach (var item in JsonlFormat.ReadAsync<T>(text, JsonlReadOptions.Default))
                    {
                        Assert.True(item.IsOk, item.Error);
                        rows.Add(item.Record!);
                    }
                break;
            case "parquet":
                await foreach (var group in ParquetFormat.ReadAsync<T>(file)) rows.AddRange(group);
                break;
            case "arrow":
                await foreach (var batch in ArrowFormat.ReadAsync<T>(file)) rows.AddRange(batch);
                break;
            default:
                throw new ArgumentException($"unknown format {format}");
        }
        return rows;
    }

    /// <summary>Every reject written under <paramref name="folder"/> (normally <c>OUTPUT/_rejects</c>).</summary>
    public static List<RejectRecord> ReadRejects(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines)
            .Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<RejectRecord>(l, SluiceJson.Options)!)
            .ToList();
    }

    /// <summary>Shard files on disk (committed or not), excluding manifests, stats and rejects.</summary>
    public static string[] ShardFiles(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Where(n => n.StartsWith("part-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray()
            : [];

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
