using Sluice.Storage.Formats;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Corpus;

/// <summary>apache/parquet-testing: valid files read with the row count an independent reader (DuckDB) finds, or
/// are refused by name where Parquet.Net would decode them wrongly; bad files give InvalidDataException.</summary>
[Trait("Category", "Adversarial")]
public sealed class ParquetCorpusTests
{
    // Valid files Sluice refuses, with what the refusal says. Parquet.Net 6.1.0 would decode the LZ4 and data page
    // v2 boolean columns to wrong values, so ParquetColumnRefusal refuses them; the rest the library itself cannot
    // read (float16, an unannotated repeated group, a map without values, out-of-range dates, an empty v2 page, a
    // zero dictionary offset).
    private static readonly Dictionary<string, string> s_refused = new()
    {
        ["hadoop_lz4_compressed.parquet"] = "Hadoop LZ4",
        ["non_hadoop_lz4_compressed.parquet"] = "Hadoop LZ4",
        ["datapage_v2.snappy.parquet"] = "data page v2",
        ["rle_boolean_encoding.parquet"] = "data page v2",
        ["float16_nonzeros_and_nans.parquet"] = "System.Half is not supported",
        ["float16_zeros_and_nans.parquet"] = "System.Half is not supported",
        ["byte_stream_split_extended.gzip.parquet"] = "System.Half is not supported",
        ["repeated_no_annotation.parquet"] = "Implicit list",
        ["int96_from_spark.parquet"] = "un-representable DateTime",
        ["nested_structs.rust.parquet"] = "out of range",
        ["datapage_v2_empty_datapage.snappy.parquet"] = "Snappy",
        ["dict-page-offset-zero.parquet"] = "Thrift",
        ["map_no_value.parquet"] = "exactly 2 children",
    };

    public static TheoryData<string> Valid() => Files("data");

    public static TheoryData<string> Bad() => Files("bad_data");

    private static TheoryData<string> Files(string folder) =>
        new(Directory.GetFiles(Path.Combine(RepoPaths.ParquetTesting, folder), "*.parquet").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory, MemberData(nameof(Valid))]
    public async Task Valid_InspectAndVerify_MatchDuckDbOrRefuseByName(string name)
    {
        var path = Path.Combine(RepoPaths.ParquetTesting, "data", name);
        var (info, inspectError) = await HostileRead.RunAsync(path, (s, ct) => ParquetFormat.InspectAsync(s, ct));
        var (rows, verifyError) = await HostileRead.RunAsync(path, (s, ct) => ParquetFormat.VerifyAsync(s, ct));
        if (s_refused.TryGetValue(name, out var reason))
        {
            Assert.Contains(reason, (inspectError ?? verifyError)?.ToString());
            return;
        }
        Assert.Null(inspectError);
        Assert.Null(verifyError);
        long expected = DuckDbParquet.Rows(path) ?? info!.RowCount;
        Assert.Equal(expected, info!.RowCount);
        Assert.Equal(expected, rows);
    }

    [Theory, MemberData(nameof(Bad))]
    public async Task Bad_InspectAndVerify_RowsOrInvalidData(string name)
    {
        var path = Path.Combine(RepoPaths.ParquetTesting, "bad_data", name);
        await HostileRead.RunAsync(path, (s, ct) => ParquetFormat.InspectAsync(s, ct));
        await HostileRead.RunAsync(path, (s, ct) => ParquetFormat.VerifyAsync(s, ct));
    }
}
