using DuckDB.NET.Data;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Rows;

/// <summary>Nested Parquet files others wrote, read as rows and written back to Parquet and Arrow: the rows read back
/// equal, and an independent reader (DuckDB) sees the same values in Sluice's Parquet as in the original.</summary>
public sealed class RowRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-rows-").FullName;

    public static TheoryData<string> Nested() => new(
        "nested_structs.rust.parquet", "nested_maps.snappy.parquet", "nested_lists.snappy.parquet", "nullable.impala.parquet",
        "nonnullable.impala.parquet", "list_columns.parquet", "alltypes_plain.parquet", "int96_from_spark.parquet",
        "byte_array_decimal.parquet", "null_list.parquet", "nulls.snappy.parquet", "repeated_no_annotation.parquet");

    [Theory, MemberData(nameof(Nested))]
    public async Task Parquet_ToParquet_DuckDbSeesTheSameValues(string name)
    {
        var source = Path.Combine(RepoPaths.ParquetTesting, "data", name);
        var rows = await ReadParquetAsync(source);
        var copy = Path.Combine(_dir, "copy.parquet");
        await using (var writer = new ParquetShardWriter<Row>(File.Create(copy), rowGroupBytes: 1 << 10))
        {
            await writer.WriteAsync(rows);
            await writer.CompleteAsync();
        }
        Assert.Equal(rows, await ReadParquetAsync(copy));
        // The file's last int96 lies beyond int64 microseconds, where Arrow and DuckDB each compute another
        // (wrapped) instant; the rows themselves still round-trip above.
        if (name != "int96_from_spark.parquet") Assert.Equal(DuckDbJson(source), DuckDbJson(copy));
    }

    [Theory, MemberData(nameof(Nested))]
    public async Task Parquet_ToArrow_ReadsBackEqual(string name)
    {
        var rows = await ReadParquetAsync(Path.Combine(RepoPaths.ParquetTesting, "data", name));
        var copy = Path.Combine(_dir, "copy.arrow");
        await using (var writer = new ArrowShardWriter<Row>(File.Create(copy)))
        {
            await writer.WriteAsync(rows, CancellationToken.None);
            await writer.CompleteAsync();
        }
        var back = new List<Row>();
        await using (var stream = File.OpenRead(copy))
            await foreach (var batch in ArrowFormat.ReadAsync<Row>(stream)) back.AddRange(batch);
        Assert.Equal(rows, back);
        Assert.Equal(rows[0].Schema.Types.Select(t => t is null ? "" : RowTypes.Describe(t)), back[0].Schema.Types.Select(t => t is null ? "" : RowTypes.Describe(t)));
    }

    [Fact]
    public async Task JsonRows_ToParquet_InferTypesAndKeepMissingAsNull()
    {
        var rows = new[]
        {
            Row.Of(("id", 1L), ("text", "one"), ("tags", new object?[] { "a", "b" }), ("meta", Row.Of(("score", 0.5)))),
            Row.Of(("id", 2L), ("text", null), ("extra", true)),
        };
        var copy = Path.Combine(_dir, "json.parquet");
        await using (var writer = new ParquetShardWriter<Row>(File.Create(copy)))
        {
            await writer.WriteAsync(rows);
            await writer.CompleteAsync();
        }
        var back = await ReadParquetAsync(copy);
        Assert.Equal(["id", "text", "tags", "meta", "extra"], back[0].Schema.Names);
        Assert.Equal("list<utf8>", RowTypes.Describe(back[0].Schema.Types[2]!));
        Assert.Equal("b", back[0].Get<string[]>("tags")![1]);
        Assert.Equal(0.5, back[0].Get<Row>("meta")!.Get<double>("score"));
        Assert.Null(back[1]["tags"]);
        Assert.True(back[1].Get<bool>("extra"));
        Assert.Equal(["[{\"id\":1,\"text\":\"one\",\"tags\":[\"a\",\"b\"],\"meta\":{\"score\":0.5},\"extra\":null}", "{\"id\":2,\"text\":null,\"tags\":null,\"meta\":null,\"extra\":true}]"],
            DuckDbJson(copy).Split(",{", 2).Select((s, i) => i == 0 ? s : "{" + s));
    }

    [Fact]
    public async Task ArrowWriter_RefusesRowsThatOutgrowTheShardSchema()
    {
        await using var writer = new ArrowShardWriter<Row>(new MemoryStream());
        await writer.WriteAsync([Row.Of(("n", 1))], CancellationToken.None);
        Assert.True(writer.Accepts([Row.Of(("n", null))]));
        Assert.False(writer.Accepts([Row.Of(("n", 1), ("m", "new"))]));
        Assert.False(writer.Accepts([Row.Of(("n", 1.5))]));
    }

    private static async Task<List<Row>> ReadParquetAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        var rows = new List<Row>();
        await foreach (var group in ParquetFormat.ReadAsync<Row>(stream)) rows.AddRange(group);
        return rows;
    }

    // Every row as DuckDB renders it in JSON, in file order: an independent reading of all values and nesting. Arrow
    // reads a legacy TIMESTAMP_MILLIS/MICROS column as UTC-adjusted (as the Parquet format says) and writes it back
    // so, which DuckDB shows with "+00"; the instant is the same, so the offset is not compared.
    private static string DuckDbJson(string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'";
        command.ExecuteNonQuery();
        command.CommandText = $"SELECT CAST(coalesce(json_group_array(to_json(t)), '[]') AS VARCHAR) FROM read_parquet('{path.Replace("'", "''")}') t";
        return ((string)command.ExecuteScalar()!).Replace("+00\"", "\"", StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
