using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;
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
        var dir = Interop.Folder();
        if (!Interop.CanRun("node", "--version"))
        {
            Console.WriteLine("SKIPPED ArrowRowsWrote_ReadByArrowJs: node is not on PATH");
            return;
        }
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "apache-arrow")))
            Assert.Equal(0, Interop.Run("npm", "ci --no-audit --no-fund", dir).Code);

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
            var (code, stdout) = Interop.Run("node", $"rows-as-json.mjs \"{file}\"", dir);
            Assert.True(code == 0, stdout);
            var expected = JsonNode.Parse(JsonSerializer.Serialize(rows, SluiceJson.Options));
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(stdout)), $"Sluice: {expected!.ToJsonString()}\nArrow JS: {stdout}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static class Interop
    {
        public static string Folder()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "interop");
                if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
            }
            throw new DirectoryNotFoundException("tests/interop not found above " + AppContext.BaseDirectory);
        }

        public static bool CanRun(string file, string args)
        {
            try
            {
                return Run(file, args, ".").Code == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }

        public static (int Code, string Output) Run(string file, string args, string dir)
        {
            var info = new ProcessStartInfo(file, args) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, process.ExitCode == 0 ? stdout : stdout + stderr.Result);
        }
    }
}
