using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Tests.TestSupport;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Tests.Adversarial;

/// <summary>
/// Case 4 of issue 11: an output folder may hold an older <c>_manifest.json</c> anyone wrote, and links to elsewhere.
/// A run deletes only what bears its sink's own shard names under its output; nothing else it lists, and nothing
/// through a link, is touched.
/// </summary>
[Trait("Category", "Adversarial")]
public sealed class OldManifestTests : IDisposable
{
    private const string OldShard = "part-u000000-0badf00d-0000.jsonl.gz";

    private readonly TempDir _dir = new();
    private readonly string _output, _elsewhere, _victim, _notes;

    public OldManifestTests()
    {
        _output = _dir.File("out");
        _elsewhere = _dir.File("elsewhere");
        Directory.CreateDirectory(_output);
        Directory.CreateDirectory(_elsewhere);
        _victim = Path.Combine(_elsewhere, "victim.txt");
        _notes = Path.Combine(_output, "user-notes.txt");
        File.WriteAllText(_victim, "not yours");
        File.WriteAllText(_notes, "mine");
        File.WriteAllText(Path.Combine(_output, OldShard), "an older run's shard");
        Directory.CreateSymbolicLink(Path.Combine(_output, "lnk"), _elsewhere);
    }

    private Pipeline Build()
    {
        var input = _dir.File("in.jsonl");
        Runs.WriteJsonl(input, Enumerable.Range(0, 20).Select(Row.Make));
        return Pipeline.Create("old-manifest").ReadJsonl<Row>(input).WriteJsonl(_output).Build();
    }

    private void WriteOldManifest(params string[] keys)
    {
        var shards = keys.Select(k => new SinkOutput(k, 1, 4, "u000000")).ToArray();
        var manifest = new DatasetManifest("someone", "jsonl", shards.Length, shards.Length * 4, shards, null, DateTimeOffset.UtcNow);
        File.WriteAllBytes(Path.Combine(_output, DatasetManifest.FileName), JsonSerializer.SerializeToUtf8Bytes(manifest, SluiceJson.Options));
    }

    [Fact]
    public async Task Run_OverAnOldManifestListingForeignFilesAndLinks_DeletesOnlyItsOwnOldShards()
    {
        WriteOldManifest("user-notes.txt", "lnk/victim.txt", OldShard);

        var result = await Runs.RunAsync(Build());

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("mine", await File.ReadAllTextAsync(_notes));
        Assert.Equal("not yours", await File.ReadAllTextAsync(_victim));
        Assert.False(File.Exists(Path.Combine(_output, OldShard)));
        Assert.Equal(20, (await Runs.ReadDatasetAsync<Row>(_output)).Count);
    }

    [Theory]
    [InlineData("../elsewhere/victim.txt")]
    [InlineData("/etc/hostname")]
    [InlineData("lnk/../../elsewhere/victim.txt")]
    public async Task Run_OverAnOldManifestListingKeysOutOfTheOutput_FailsNamingItBeforeTouchingAnything(string key)
    {
        WriteOldManifest("user-notes.txt", key);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Runs.RunAsync(Build()));

        Assert.Contains(Path.Combine(_output, DatasetManifest.FileName), e.Message);
        Assert.Contains("'shards[1].key'", e.Message);
        Assert.Equal("mine", await File.ReadAllTextAsync(_notes));
        Assert.Equal("not yours", await File.ReadAllTextAsync(_victim));
        Assert.Equal("someone", Runs.ReadManifest(_output)!.Pipeline);
    }

    public void Dispose() => _dir.Dispose();
}
