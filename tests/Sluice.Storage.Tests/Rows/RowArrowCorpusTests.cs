using System.IO.Compression;
using System.Text.Json;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;
using Sluice.Storage.Tests.Corpus;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Rows;

/// <summary>apache/arrow-testing's golden integration files read as <see cref="Row"/>s: the row count of each file's
/// expectation, or a refusal naming why (big-endian data; a type rows cannot hold).</summary>
[Trait("Category", "Adversarial")]
public sealed class RowArrowCorpusTests
{
    public static TheoryData<string> Golden()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.ArrowTesting, "integration"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (file.EndsWith(".arrow_file", StringComparison.Ordinal) || file.EndsWith(".stream", StringComparison.Ordinal))
                data.Add(Path.GetRelativePath(RepoPaths.ArrowTesting, file));
        return data;
    }

    [Theory, MemberData(nameof(Golden))]
    public async Task Golden_ReadsAsRows_WithTheExpectedCountOrARefusalByName(string relative)
    {
        var path = Path.Combine(RepoPaths.ArrowTesting, relative);
        var (rows, error) = await HostileRead.RunAsync(path, async (s, ct) =>
        {
            long n = 0;
            await foreach (var batch in ArrowFormat.ReadAsync<Row>(s, ct: ct)) n += batch.Count;
            return n;
        });
        if (error is not null)
        {
            Assert.Matches("big-endian|rows cannot hold|does not fit .NET's decimal", error.Message);
            return;
        }
        Assert.Equal(ExpectedRows(path), rows);
    }

    private static long ExpectedRows(string path)
    {
        using var gz = new GZipStream(File.OpenRead(Path.ChangeExtension(path, null) + ".json.gz"), CompressionMode.Decompress);
        using var doc = JsonDocument.Parse(gz);
        return doc.RootElement.GetProperty("batches").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64());
    }
}
