using Sluice.Storage.Formats;

namespace Sluice.Operators.Images.Tests.TestSupport;

/// <summary>Writes Parquet files of image rows with the project's own Parquet writer.</summary>
internal static class ParquetImageFiles
{
    public static async Task WriteAsync<T>(string path, IReadOnlyList<T> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var writer = new ParquetShardWriter<T>(File.Create(path));
        await writer.WriteAsync(rows);
        await writer.CompleteAsync();
    }
}
