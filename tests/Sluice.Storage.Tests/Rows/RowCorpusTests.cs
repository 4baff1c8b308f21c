using Sluice.Storage.Formats;
using Sluice.Storage.Rows;
using Sluice.Storage.Tests.Corpus;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Rows;

/// <summary>The Apache test corpora read as <see cref="Row"/>s, with no record type: every valid Parquet file gives the
/// row count DuckDB finds, except the ones the reference reader refuses (a map with nullable keys) and the ones whose
/// page checksums do not match; every golden Arrow file gives the count its expectation file lists; every bad file
/// ends in rows or an <see cref="InvalidDataException"/>.</summary>
[Trait("Category", "Adversarial")]
public sealed class RowCorpusTests
{
    private static readonly Dictionary<string, string> s_refused = new()
    {
        ["incorrect_map_schema.parquet"] = "Map keys must be annotated as required",
        ["datapage_v1-corrupt-checksum.parquet"] = "CRC",
        ["rle-dict-uncompressed-corrupt-checksum.parquet"] = "CRC",
    };

    public static TheoryData<string> ValidParquet() => Files("data");

    public static TheoryData<string> BadParquet() => Files("bad_data");

    private static TheoryData<string> Files(string folder) =>
        new(Directory.GetFiles(Path.Combine(RepoPaths.ParquetTesting, folder), "*.parquet").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory, MemberData(nameof(ValidParquet))]
    public async Task ValidParquet_ReadsAsRows_WithDuckDbsCount(string name)
    {
        var path = Path.Combine(RepoPaths.ParquetTesting, "data", name);
        var (rows, error) = await HostileRead.RunAsync(path, CountRowsAsync);
        if (s_refused.TryGetValue(name, out var reason))
        {
            Assert.NotNull(error);
            Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
            return;
        }
        Assert.Null(error);
        Assert.Equal(DuckDbParquet.Rows(path) ?? rows, rows);
    }

    [Theory, MemberData(nameof(BadParquet))]
    public async Task BadParquet_RowsOrInvalidData(string name) =>
        await HostileRead.RunAsync(Path.Combine(RepoPaths.ParquetTesting, "bad_data", name), CountRowsAsync);

    [Fact]
    public async Task Float16Column_ReadsAsHalfValues()
    {
        await using var stream = File.OpenRead(Path.Combine(RepoPaths.ParquetTesting, "data", "float16_nonzeros_and_nans.parquet"));
        var rows = new List<Row>();
        await foreach (var group in ParquetFormat.ReadAsync<Row>(stream)) rows.AddRange(group);
        Assert.Equal(8, rows.Count);
        Assert.Null(rows[0]["x"]);
        Assert.Equal(1.0, rows[1].Get<double>("x"));
        Assert.True(double.IsNaN(rows.Last(r => r["x"] is not null).Get<double>("x")) || rows.Any(r => r["x"] is Half h && Half.IsNaN(h)));
    }

    [Fact]
    public async Task NestedStructs_KeepTheirMembersAsNestedRows()
    {
        await using var stream = File.OpenRead(Path.Combine(RepoPaths.ParquetTesting, "data", "nested_structs.rust.parquet"));
        var rows = new List<Row>();
        await foreach (var group in ParquetFormat.ReadAsync<Row>(stream)) rows.AddRange(group);
        var roll = Assert.IsType<Row>(Assert.Single(rows)["roll_num"]);
        Assert.True(roll.Has("count"));
        Assert.Equal(DuckDbParquet.Value<long>(Path.Combine(RepoPaths.ParquetTesting, "data", "nested_structs.rust.parquet"), "roll_num.count"), roll.Get<long>("count"));
    }

    private static async Task<long> CountRowsAsync(Stream stream, CancellationToken ct)
    {
        long n = 0;
        await foreach (var group in ParquetFormat.ReadAsync<Row>(stream, ct: ct)) n += group.Count;
        return n;
    }
}
