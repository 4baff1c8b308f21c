using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sluice.Storage.Formats;

/// <summary>
/// Checks a record batch's buffers before any value is read. Apache.Arrow for .NET trusts the offsets, lengths and
/// dictionary indices it is given, so a damaged or hostile file can make it read outside a buffer (an access
/// violation, or text made of process memory). Every array, nested ones included, is checked: validity bitmaps
/// cover the slots, fixed-width values fit their buffer, offsets start at or above zero, never decrease and stay
/// within the values, child arrays are long enough, and dictionary indices point into the dictionary.
/// </summary>
public static class ArrowBatchValidator
{
    /// <summary>Throws when <paramref name="batch"/> could make a reader leave its buffers.</summary>
    /// <param name="batch">The batch as the IPC reader returned it.</param>
    /// <exception cref="InvalidDataException">A buffer is inconsistent (the message names the column), or the batch
    /// holds a type whose layout is not checked here (view and union types), which is refused rather than trusted.</exception>
    public static void Validate(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            var data = batch.Column(c).Data;
            var name = batch.Schema.FieldsList[c].Name;
            if (data.Length != batch.Length)
                throw Invalid(name, $"has {data.Length} rows in a batch of {batch.Length}");
            Check(data, name);
        }
    }

    private static void Check(ArrayData data, string path)
    {
        if (data.Length < 0 || data.Offset < 0) throw Invalid(path, "has a negative length or offset");
        long end = (long)data.Offset + data.Length;
        var type = data.DataType;
        if (type.TypeId == ArrowTypeId.Null) return;
        CheckValidity(data, end, path);
        switch (type)
        {
            case DictionaryType dictionary:
                CheckDictionary(data, dictionary, end, path);
                break;
            case BooleanType:
                NeedBytes(data, 1, (end + 7) / 8, path);
                break;
            case FixedWidthType fixedWidth:
                NeedBytes(data, 1, end * fixedWidth.BitWidth / 8, path);
                break;
            case LargeBinaryType or LargeStringType:
                CheckOffsets<long>(data, 1, end, Bytes(data, 2), path);
                break;
            case BinaryType or StringType:
                CheckOffsets<int>(data, 1, end, Bytes(data, 2), path);
                break;
            case LargeListType:
                CheckOffsets<long>(data, 1, end, OnlyChild(data, path).Length, path);
                Check(data.Children[0], path + ".item");
                break;
            case ListType or MapType:
                CheckOffsets<int>(data, 1, end, OnlyChild(data, path).Length, path);
                Check(data.Children[0], path + ".item");
                break;
            case FixedSizeListType fixedList:
                if (OnlyChild(data, path).Length < end * fixedList.ListSize)
                    throw Invalid(path, $"has {data.Children[0].Length} list values where {end * fixedList.ListSize} are needed");
                Check(data.Children[0], path + ".item");
                break;
            case StructType structType:
                if (data.Children.Length != structType.Fields.Count) throw Invalid(path, "has the wrong number of fields");
                for (int i = 0; i < data.Children.Length; i++)
                {
                    var field = path + "." + structType.Fields[i].Name;
                    if (data.Children[i].Length < end) throw Invalid(field, $"has {data.Children[i].Length} rows where {end} are needed");
                    Check(data.Children[i], field);
                }
                break;
            default:
                throw new InvalidDataException($"column '{path}' has type {type.Name}, which Sluice does not read");
        }
    }

    private static void CheckValidity(ArrayData data, long end, string path)
    {
        var bitmap = data.Buffers.Length > 0 ? data.Buffers[0] : ArrowBuffer.Empty;
        if (bitmap.IsEmpty)
        {
            if (data.NullCount > 0) throw Invalid(path, $"claims {data.NullCount} nulls without a validity bitmap");
            return;
        }
        if (bitmap.Length < (end + 7) / 8) throw Invalid(path, $"has a validity bitmap of {bitmap.Length} bytes for {end} slots");
    }

    private static void CheckDictionary(ArrayData data, DictionaryType type, long end, string path)
    {
        if (data.Dictionary is null) throw Invalid(path, "is dictionary-encoded but has no dictionary");
        Check(data.Dictionary, path + ".dictionary");
        if (type.IndexType is not IntegerType indexType) throw Invalid(path, "has non-integer dictionary indices");
        NeedBytes(data, 1, end * indexType.BitWidth / 8, path);
        var indices = data.Buffers[1].Span;
        var bitmap = data.Buffers[0].Span;
        long size = data.Dictionary.Length;
        for (long i = data.Offset; i < end; i++)
        {
            if (!bitmap.IsEmpty && (bitmap[(int)(i >> 3)] & (1 << (int)(i & 7))) == 0) continue;
            long index = indexType.BitWidth switch
            {
                8 => indexType.IsSigned ? (sbyte)indices[(int)i] : indices[(int)i],
                16 => indexType.IsSigned ? MemoryMarshal.Cast<byte, short>(indices)[(int)i] : MemoryMarshal.Cast<byte, ushort>(indices)[(int)i],
                32 => indexType.IsSigned ? MemoryMarshal.Cast<byte, int>(indices)[(int)i] : MemoryMarshal.Cast<byte, uint>(indices)[(int)i],
                _ => MemoryMarshal.Cast<byte, long>(indices)[(int)i],
            };
            if (index < 0 || index >= size) throw Invalid(path, $"has dictionary index {index} at row {i - data.Offset}; the dictionary holds {size} values");
        }
    }

    private static void CheckOffsets<TOffset>(ArrayData data, int buffer, long end, long valueCount, string path)
        where TOffset : unmanaged, System.Numerics.IBinaryInteger<TOffset>
    {
        if (data.Length == 0) return;
        NeedBytes(data, buffer, (end + 1) * System.Runtime.CompilerServices.Unsafe.SizeOf<TOffset>(), path);
        var offsets = MemoryMarshal.Cast<byte, TOffset>(data.Buffers[buffer].Span);
        long previous = long.CreateTruncating(offsets[data.Offset]);
        if (previous < 0) throw Invalid(path, $"has a negative offset {previous}");
        for (int i = data.Offset + 1; i <= end; i++)
        {
            long next = long.CreateTruncating(offsets[i]);
            if (next < previous) throw Invalid(path, $"has offsets that decrease at row {i - 1 - data.Offset} ({previous} then {next})");
            previous = next;
        }
        if (previous > valueCount) throw Invalid(path, $"has offset {previous} past the end of its {valueCount} values");
    }

    private static void NeedBytes(ArrayData data, int buffer, long bytes, string path)
    {
        if (Bytes(data, buffer) < bytes) throw Invalid(path, $"has buffer {buffer} of {Bytes(data, buffer)} bytes where {bytes} are needed");
    }

    private static long Bytes(ArrayData data, int buffer) => buffer < data.Buffers.Length ? data.Buffers[buffer].Length : 0;

    private static ArrayData OnlyChild(ArrayData data, string path) =>
        data.Children is [var child] ? child : throw Invalid(path, $"has {data.Children?.Length ?? 0} child arrays where 1 is needed");

    private static InvalidDataException Invalid(string path, string what) => new($"column '{path}' {what}");
}
