using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;
using Sluice.Storage.Tests.Formats;
using Sluice.Testing;

namespace Sluice.Storage.Tests.Rows;

/// <summary>Nested Parquet others wrote, read as rows and written as Arrow by Sluice, read back by an independent
/// reader (npm <c>apache-arrow</c> under node): every row equal, nesting and nulls included.</summary>
public sealed class RowArrowInteropTests
{
    [Theory]
    [InlineData("nested_lists.snappy.parquet")]
    [InlineData("list_columns.parquet")]
    [InlineData("nulls.snappy.parquet")]
    [InlineData("repeated_no_annotation.parquet")]
    public async Task ArrowRowsWrote_ReadByArrowJs_AsTheRowsRead(string name)
    {
        if (NodeInterop.Ready(nameof(ArrowRowsWrote_ReadByArrowJs_AsTheRowsRead)) is not { } dir) return;

        var rows = new List<Row>();
        await using (var input = File.OpenRead(Path.Combine(RepoPaths.ParquetTesting, "data", name)))
            await foreach (var group in ParquetFormat.ReadAsync<Row>(input)) rows.AddRange(group);
        var file = Path.Combine(Path.GetTempPath(), $"sluice-rows-{Guid.NewGuid():N}.arrow");
        try
        {
            await using (var writer = new ArrowShardWriter<Row>(File.Create(file)))
            {
                await writer.WriteAsync(rows, CancellationToken.None);
                await writer.CompleteAsync();
            }
            var (code, stdout) = NodeInterop.Run("node", $"rows-as-json.mjs \"{file}\"", dir);
            Assert.True(code == 0, stdout);
            var expected = JsonNode.Parse(JsonSerializer.Serialize(rows, SluiceJson.Options));
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(stdout)), $"Sluice: {expected!.ToJsonString()}\nArrow JS: {stdout}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
