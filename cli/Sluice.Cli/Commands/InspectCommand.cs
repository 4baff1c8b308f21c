using System.Text.Json;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Sinks;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Formats;
using Sluice.Storage.Rows;
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
            if (await folder.StatAsync(RunLayout.DatasetManifestKey, ct) is not null)
            {
                var manifest = await RunObjects.ReadAsync<DatasetManifest>(folder, RunLayout.DatasetManifestKey, ct);
                @out.WriteLine($"dataset {uri}: {manifest.Format}, {manifest.Shards.Count} shards, {manifest.Rows:N0} rows, {manifest.Bytes:N0} bytes, pipeline {manifest.Pipeline}, written {manifest.Created:u}");
                foreach (var (key, value) in manifest.Metadata ?? new Dictionary<string, string>()) @out.WriteLine($"  {key}: {value}");
            }
        }
        var files = await InputResolver.ResolveAsync(uri, ct);
        var printedSchema = false;
        foreach (var file in files)
        {
            var (rows, schema, format) = await DescribeAsync(file, ct);
            @out.WriteLine($"{file.Uri}: {rows:N0} rows, {file.Info.Size:N0} bytes");
            @out.WriteLine($"format: {Name(format)} (detected from content)");
            if (printedSchema || schema.Count == 0) continue;
            @out.WriteLine("schema:");
            foreach (var field in schema) @out.WriteLine($"  {field}");
            printedSchema = true;
        }
        if (files.Count > 1) @out.WriteLine($"{files.Count} files, {files.Sum(f => f.Info.Size):N0} bytes");
        return 0;
    }

    // The reader is chosen from the file's content (magic bytes); the extension decides only when that says nothing.
    private static async Task<(long Rows, IReadOnlyList<string> Schema, DataFormat Format)> DescribeAsync(InputFile file, CancellationToken ct)
    {
        var key = file.Info.Key;
        try
        {
            await using var stream = await SeekableInput.OpenAsync(file, ct);
            var format = await FormatDetector.DetectAsync(stream, key, ct);
            switch (format)
            {
                case DataFormat.ArrowFile or DataFormat.ArrowStream:
                {
                    var info = await ArrowFormat.InspectAsync(stream, ct);
                    return (info.RowCount, info.Columns, info.IsFileFormat ? DataFormat.ArrowFile : DataFormat.ArrowStream);
                }
                case DataFormat.Parquet:
                {
                    // Arrow's reader describes every valid file, nested types in full, as a Row read sees it.
                    var (_, rows, schema) = RowParquet.Describe(stream);
                    return (rows, schema.FieldsList.Select(f => $"{f.Name}: {RowTypes.Describe(f.DataType)}").ToArray(), format);
                }
                default:
                {
                    var codec = format switch { DataFormat.Gzip => Compression.Gzip, DataFormat.Zstd => Compression.Zstd, DataFormat.Bzip2 => Compression.Bzip2, _ => Compression.None };
                    await using var text = CompressionCodec.OpenRead(stream, codec);
                    return (await CountLinesAsync(text, ct), [], format);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{file.Uri}: {e.Message}", e);
        }
    }

    private static string Name(DataFormat format) => format switch
    {
        DataFormat.Parquet => "parquet",
        DataFormat.ArrowFile => "arrow (IPC file)",
        DataFormat.ArrowStream => "arrow (IPC stream)",
        DataFormat.Gzip => "gzip-compressed text",
        DataFormat.Zstd => "zstd-compressed text",
        DataFormat.Bzip2 => "bzip2-compressed text",
        _ => "text",
    };

    private static async Task<long> CountLinesAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        long lines = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0) lines += buffer.AsSpan(0, n).Count((byte)'\n');
        return lines;
    }
}
