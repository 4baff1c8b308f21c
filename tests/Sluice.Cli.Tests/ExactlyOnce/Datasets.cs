using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>One output record: its id, the SHA-256 of its JSON line, and the shard it came from.</summary>
public sealed record OutputRecord(string Id, string Hash, string Shard);

/// <summary>Reads a dataset the way readers do (through <c>_manifest.json</c>) and a run folder's commits.</summary>
public static class Datasets
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IObjectStore> Stores = new();

    /// <summary>A store per root, kept for the test run (an S3 client is costly to build on every poll).</summary>
    public static IObjectStore Open(string uri) => Stores.GetOrAdd(uri, ObjectStores.Open);

    public static async Task<DatasetManifest> ManifestAsync(string outputUri)
    {
        var store = Open(outputUri);
        await using var stream = await store.OpenReadAsync(DatasetManifest.FileName);
        return await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, SluiceJson.Options) ?? throw new InvalidDataException("empty manifest");
    }

    /// <summary>Every record of every shard the manifest lists (gzip JSON Lines).</summary>
    public static async Task<List<OutputRecord>> ReadAsync(string outputUri)
    {
        var manifest = await ManifestAsync(outputUri);
        var store = Open(outputUri);
        var records = new List<OutputRecord>();
        foreach (var shard in manifest.Shards)
        {
            await using var raw = await store.OpenReadAsync(shard.Key);
            await using var gz = new GZipStream(raw, CompressionMode.Decompress);
            using var reader = new StreamReader(gz, Encoding.UTF8);
            var rows = 0;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                records.Add(new OutputRecord(doc.RootElement.GetProperty("id").GetString()!, Sha(Encoding.UTF8.GetBytes(line)), shard.Key));
                rows++;
            }
            Assert.True(rows == shard.Rows, $"shard {shard.Key}: {rows} rows read, the manifest says {shard.Rows}");
        }
        return records;
    }

    public static IReadOnlyDictionary<string, string> ById(IEnumerable<OutputRecord> records) =>
        records.ToDictionary(r => r.Id, r => r.Hash, StringComparer.Ordinal);

    /// <summary>Asserts <paramref name="records"/> are exactly the reference records: none lost, none twice, same content.</summary>
    public static void AssertSameAs(IReadOnlyDictionary<string, string> reference, IReadOnlyList<OutputRecord> records, string what)
    {
        var twice = records.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(twice.Length == 0, $"{what}: records written twice: {string.Join(", ", twice.Take(10))}");
        var ids = records.Select(r => r.Id).Order(StringComparer.Ordinal).ToArray();
        var expected = reference.Keys.Order(StringComparer.Ordinal).ToArray();
        var lost = expected.Except(ids).ToArray();
        Assert.True(lost.Length == 0, $"{what}: records lost: {string.Join(", ", lost.Take(10))}");
        Assert.Equal(expected, ids);
        var differing = records.Where(r => reference[r.Id] != r.Hash).Select(r => r.Id).ToArray();
        Assert.True(differing.Length == 0, $"{what}: records with other content than the clean run: {string.Join(", ", differing.Take(10))}");
    }

    public static async Task<RunManifest> RunManifestAsync(string runUri)
    {
        var store = Open(runUri);
        await using var stream = await store.OpenReadAsync(RunLayout.RunManifestKey);
        return await JsonSerializer.DeserializeAsync<RunManifest>(stream, SluiceJson.Options) ?? throw new InvalidDataException("empty run.json");
    }

    public static async Task<AttemptStatus> AttemptAsync(string runUri, string key)
    {
        var store = Open(runUri);
        await using var stream = await store.OpenReadAsync(key);
        return await JsonSerializer.DeserializeAsync<AttemptStatus>(stream, SluiceJson.Options) ?? throw new InvalidDataException($"empty {key}");
    }

    public static async Task<IReadOnlyList<UnitCommit>> CommitsAsync(string runUri)
    {
        var store = Open(runUri);
        return await RunFolderCommitter.ReadCommitsAsync(store, CancellationToken.None);
    }

    /// <summary>Keys of every object under <paramref name="uri"/>.</summary>
    public static async Task<List<string>> ListAsync(string uri, string prefix = "")
    {
        var store = Open(uri);
        var keys = new List<string>();
        await foreach (var o in store.ListAsync(prefix)) keys.Add(o.Key);
        return keys;
    }

    public static async Task<string> ShaOfAsync(string uri, string key)
    {
        var store = Open(uri);
        await using var s = await store.OpenReadAsync(key);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(s));
    }

    /// <summary>The attempt id inside a shard key <c>part-UNIT-ATTEMPT-NNNN.ext</c>.</summary>
    public static (string Unit, string Attempt) ParseShardKey(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var parts = name.Split('-');
        Assert.True(parts.Length >= 4 && parts[0] == "part", $"unexpected shard name {key}");
        return (parts[1], parts[2]);
    }

    /// <summary>
    /// Asserts the manifest lists exactly the committed shards, each once and under its own unit, and that within a
    /// unit's commit the shards of other attempts (adopted from a part-way checkpoint) all come before the winner's.
    /// </summary>
    public static void AssertManifestMatchesCommits(DatasetManifest manifest, IReadOnlyList<UnitCommit> commits, int units)
    {
        Assert.Equal(units, commits.Count);
        Assert.Equal(commits.Count, commits.Select(c => c.Unit).Distinct().Count());
        Assert.Equal(manifest.Shards.Count, manifest.Shards.Select(s => s.Key).Distinct().Count());
        var committed = commits.ToDictionary(c => c.Unit);
        foreach (var shard in manifest.Shards)
        {
            var (unit, _) = ParseShardKey(shard.Key);
            Assert.True(committed.ContainsKey(unit), $"manifest lists {shard.Key} of uncommitted unit {unit}");
            Assert.Equal(unit, shard.Unit);
        }
        foreach (var commit in commits)
        {
            var attempts = commit.Outputs.Values.SelectMany(v => v).Select(o => ParseShardKey(o.Key).Attempt).ToArray();
            var firstOwn = Array.IndexOf(attempts, commit.Attempt);
            Assert.True(firstOwn < 0 || attempts.Skip(firstOwn).All(a => a == commit.Attempt),
                $"unit {commit.Unit}: shards of another attempt follow the winner's ({string.Join(", ", attempts)})");
        }
        var committedKeys = commits.SelectMany(c => c.Outputs.Values.SelectMany(v => v)).Select(o => o.Key).Order(StringComparer.Ordinal);
        Assert.Equal(committedKeys, manifest.Shards.Select(s => s.Key).Order(StringComparer.Ordinal));
    }

    public static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
