using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sluice.Operators.Search;

/// <summary>
/// Reads a record batch's vector column as row-major rows: a fixed-size or variable list of float32 (used in place)
/// or of float16 (widened on request, a slice at a time, into a caller-owned buffer).
/// </summary>
internal static class VectorColumn
{
    /// <summary>The batch's <paramref name="rows"/> vectors, [rows × dimension] values.</summary>
    /// <param name="column">The vector column.</param>
    /// <param name="rows">Rows in the batch.</param>
    /// <param name="name">The column's name, for messages.</param>
    /// <param name="firstRow">The batch's first row in the store, for messages.</param>
    /// <param name="dimension">Values per vector (0 for an empty variable-size list batch).</param>
    /// <exception cref="InvalidDataException">The column is not a list of float32 or float16, or rows differ in length.</exception>
    public static VectorValues Read(IArrowArray column, int rows, string name, long firstRow, out int dimension)
    {
        switch (column)
        {
            case FixedSizeListArray fixedList:
                dimension = ((FixedSizeListType)fixedList.Data.DataType).ListSize;
                return Values(fixedList.Values, fixedList.Offset * dimension, rows * dimension, name);
            case ListArray list:
                dimension = rows == 0 ? 0 : list.GetValueLength(0);
                for (int i = 0; i < rows; i++)
                    if (list.IsNull(i) || list.GetValueLength(i) != dimension)
                        throw new InvalidDataException($"row {firstRow + i}: {name} has {(list.IsNull(i) ? 0 : list.GetValueLength(i))} floats, row {firstRow} has {dimension}");
                return Values(list.Values, rows == 0 ? 0 : list.ValueOffsets[0], rows * dimension, name);
            default:
                throw new InvalidDataException($"column '{name}' is {column.Data.DataType.Name}, not a list of float32 or float16");
        }
    }

    private static VectorValues Values(IArrowArray values, int offset, int length, string name) => values switch
    {
        FloatArray floats => new VectorValues(floats.Values.Slice(offset, length), default),
        HalfFloatArray halves => new VectorValues(default, halves.Values.Slice(offset, length)),
        _ => throw new InvalidDataException($"column '{name}' is a list of {values.Data.DataType.Name}, not of float32 or float16"),
    };
}

/// <summary>A batch's vector values: float32 in place, or float16 to be widened a slice at a time.</summary>
internal readonly ref struct VectorValues(ReadOnlySpan<float> floats, ReadOnlySpan<Half> halves)
{
    private readonly ReadOnlySpan<float> _floats = floats;
    private readonly ReadOnlySpan<Half> _halves = halves;

    /// <summary>
    /// Values [<paramref name="start"/>, start + <paramref name="length"/>) as float32: float32 data in place; float16
    /// widened into <paramref name="buffer"/> (grown when too small), so a scan can widen one cache-sized block at a
    /// time and score it while it is still in cache.
    /// </summary>
    public ReadOnlySpan<float> Slice(int start, int length, ref float[] buffer)
    {
        if (_halves.IsEmpty) return _floats.Slice(start, length);
        if (buffer.Length < length) buffer = new float[length];
        HalfConversion.ToSingle(_halves.Slice(start, length), buffer);
        return buffer.AsSpan(0, length);
    }
}
