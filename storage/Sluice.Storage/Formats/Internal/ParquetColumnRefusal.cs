using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace Sluice.Storage.Formats.Internal;

/// <summary>
/// Column chunks that Parquet.Net 6.1.0 decodes to wrong values without an error, found from the file's metadata
/// before any value is read: a wrong value is worse than a refusal.
/// </summary>
internal static class ParquetColumnRefusal
{
    // Thrift compact encoding of PageHeader's first field (field id 1, type i32): delta 1, type 5.
    private const byte PageTypeFieldHeader = 0x15;
    private const int DataPageV2 = 3;

    /// <summary>Why <paramref name="leaf"/> in row group <paramref name="group"/> must not be read, or null.</summary>
    public static string? Check(Stream file, ParquetRowGroupReader group, DataField leaf)
    {
        var path = leaf.Path.ToList();
        var chunk = group.RowGroup.Columns.FirstOrDefault(c => c.MetaData?.PathInSchema is { } p && p.SequenceEqual(path))?.MetaData;
        if (chunk is null) return null;
        // Codec LZ4 is the deprecated Hadoop-framed LZ4, which some writers filled with raw LZ4 blocks instead.
        if (chunk.Codec == Parquet.Meta.CompressionCodec.LZ4)
            return "uses the deprecated Hadoop LZ4 codec, which this Parquet reader decodes wrongly (rewrite the file with LZ4_RAW, zstd or snappy)";
        if (leaf.ClrType == typeof(bool) && FirstPageType(file, chunk.DataPageOffset) == DataPageV2)
            return "is a boolean column in data page v2 format, which this Parquet reader decodes wrongly (rewrite the file with data page v1)";
        return null;
    }

    private static int? FirstPageType(Stream file, long offset)
    {
        if (offset < 0 || offset + 6 > file.Length) return null;
        long saved = file.Position;
        try
        {
            file.Position = offset;
            if (file.ReadByte() != PageTypeFieldHeader) return null;
            int value = 0, shift = 0, b;
            do
            {
                b = file.ReadByte();
                if (b < 0 || shift > 28) return null;
                value |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (value >>> 1) ^ -(value & 1);
        }
        finally
        {
            file.Position = saved;
        }
    }
}
