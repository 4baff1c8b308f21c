using System.IO.Compression;
using System.Text.Json;
using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Corpus;

/// <summary>apache/arrow-testing: golden integration files read with the row counts of their JSON expectation
/// files; big-endian ones and fuzz cases are refused with InvalidDataException, never a crash or a hang.</summary>
[Trait("Category", "Adversarial")]
public sealed class ArrowCorpusTests
{
    public static TheoryData<string> Golden() => Files("integration", f => f.EndsWith(".arrow_file") || f.EndsWith(".stream"));

    public static TheoryData<string> Fuzz() => Files("", f => f.Contains("arrow-ipc-stream") || f.Contains("arrow-ipc-file"));

    private static TheoryData<string> Files(string under, Func<string, bool> keep)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.ArrowTesting, under), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(RepoPaths.ArrowTesting, file);
            if (keep(relative)) data.Add(relative);
        }
        return data;
    }

    // The integration expectation file (<name>.json.gz) lists each batch with its row count.
    private static long ExpectedRows(string path)
    {
        var json = Path.ChangeExtension(path, null) + ".json.gz";
        using var gz = new GZipStream(File.OpenRead(json), CompressionMode.Decompress);
        using var doc = JsonDocument.Parse(gz);
        return doc.RootElement.GetProperty("batches").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64());
    }

    [Theory, MemberData(nameof(Golden))]
    public async Task Golden_InspectAndReadAll_MatchExpectationOrRefuseBigEndian(string relative)
    {
        var path = Path.Combine(RepoPaths.ArrowTesting, relative);
        var (info, inspectError) = await HostileRead.RunAsync(path, (s, ct) => ArrowFormat.InspectAsync(s, ct));
        var (rows, readError) = await HostileRead.RunAsync(path, async (s, ct) =>
        {
            long n = 0;
            await foreach (var batch in ArrowFormat.ReadBatchesAsync(s, ct: ct)) using (batch) n += batch.Length;
            return n;
        });
        if (relative.Contains("bigendian"))
        {
            Assert.Contains("big-endian", inspectError?.Message);
            Assert.Contains("big-endian", readError?.Message);
            return;
        }
        Assert.Null(inspectError);
        Assert.Null(readError);
        Assert.Equal(ExpectedRows(path), info!.RowCount);
        Assert.Equal(ExpectedRows(path), rows);
    }

    [Theory, MemberData(nameof(Fuzz))]
    public async Task Fuzz_InspectAndReadAll_InvalidDataOrRows(string relative)
    {
        var path = Path.Combine(RepoPaths.ArrowTesting, relative);
        await HostileRead.RunAsync(path, (s, ct) => ArrowFormat.InspectAsync(s, ct));
        await HostileRead.RunAsync(path, async (s, ct) =>
        {
            long n = 0;
            await foreach (var batch in ArrowFormat.ReadBatchesAsync(s, ct: ct)) using (batch) n += batch.Length;
            return n;
        });
    }
}
