using System.Text.Json;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice inspect URI</c>: schema, row count and size of a shard, a folder of shards or a dataset manifest.
/// </summary>
internal static class InspectCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, CancellationToken ct)
    {
        if (args.Positional.Count != 1) throw new UsageException("usage: sluice inspect URI");
        var uri = args.Positional[0];
        using (var folder = ObjectStores.Open(uri))
        {
            if (await folder.StatAsync(DatasetManifest.FileName, ct) is not null)
            {
                var manifest = await RunObjects.ReadAsync<DatasetManifest>(folder, DatasetManifest.FileName, ct);
                @out.WriteLine($"dataset {uri}: {manifest.Format}, {manifest.Shards.Count} shards, {manifest.Rows:N0} rows, {manifest.Bytes:N0} bytes, pipeline {manifest.Pipeline}, written {manifest.Created:u}");
                foreach (var (key, value) in manifest.Metadata ?? new Dictionary<string, string>()) @out.WriteLine($"  {key}: {value}");
            }
        }
        var files = await InputResolver.ResolveAsync(uri, ct);
        var printedSchema = false;
        foreach (var file in files)
        {
            var (rows, schema) = await DescribeAsync(file, ct);
            @out.WriteLine($"{file.Uri}: {rows:N0} rows, {file.Info.Size:N0} bytes");
            if (printedSchema || schema.Count == 0) continue;
            @out.WriteLine("schema:");
            foreach (var field in schema) @out.WriteLine($"  {field}");
            printedSchema = true;
        }
        if (files.Count > 1) @out.WriteLine($"{files.Count} files, {files.Sum(f => f.Info.Size):N0} bytes");
        return 0;
    }

    private static async Task<(long Rows, IReadOnlyList<string> Schema)> DescribeAsync(InputFile file, CancellationToken ct)
    {
        var key = file.Info.Key;
        try
        {
            if (key.EndsWith(".arrow", StringComparison.OrdinalIgnoreCase) || key.EndsWith(".feather", StringComparison.OrdinalIgnoreCase) || key.EndsWith(".arrows", StringComparison.OrdinalIgnoreCase))
            {
                await using var stream = await SeekableInput.OpenAsync(file, ct);
                var info = await ArrowFormat.InspectAsync(stream, ct);
                return (info.RowCount, info.Columns);
            }
            if (key.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            {
                await using var stream = await SeekableInput.OpenAsync(file, ct);
                var info = await ParquetFormat.InspectAsync(stream, ct);
                return (info.RowCount, info.Columns);
            }
            await using var raw = await file.Store.OpenReadAsync(key, ct);
            await using var text = CompressionCodec.OpenRead(raw, CompressionCodec.FromKey(key));
            return (await CountLinesAsync(text, ct), []);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{file.Uri}: {e.Message}", e);
        }
    }

    private static async Task<long> CountLinesAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        long lines = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0) lines += buffer.AsSpan(0, n).Count((byte)'\n');
        return lines;
    }
}
