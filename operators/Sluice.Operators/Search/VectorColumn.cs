using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sluice.Operators.Search;

/// <summary>
/// Reads a record batch's vector column as a row-major float span: a fixed-size or variable list of float32 (used
/// in place) or of float16 (converted into a caller-owned buffer that is reused batch after batch).
/// </summary>
internal static class VectorColumn
{
    /// <summary>The batch's <paramref name="rows"/> vectors as one [rows × dimension] span.</summary>
    /// <param name="column">The vector column.</param>
    /// <param name="rows">Rows in the batch.</param>
    /// <param name="name">The column's name, for messages.</param>
    /// <param name="firstRow">The batch's first row in the store, for messages.</param>
    /// <param name="buffer">Holds converted float16 vectors; grown when too small.</param>
    /// <param name="dimension">Floats per vector (0 for an empty variable-size list batch).</param>
    /// <exception cref="InvalidDataException">The column is not a list of float32 or float16, or rows differ in length.</exception>
    public static ReadOnlySpan<float> Read(IArrowArray column, int rows, string name, long firstRow, ref float[] buffer, out int dimension)
    {
        switch (column)
        {
            case FixedSizeListArray fixedList:
                dimension = ((FixedSizeListType)fixedList.Data.DataType).ListSize;
                return Values(fixedList.Values, fixedList.Offset * dimension, rows * dimension, name, ref buffer);
            case ListArray list:
                dimension = rows == 0 ? 0 : list.GetValueLength(0);
                for (int i = 0; i < rows; i++)
                    if (list.IsNull(i) || list.GetValueLength(i) != dimension)
                        throw new InvalidDataException($"row {firstRow + i}: {name} has {(list.IsNull(i) ? 0 : list.GetValueLength(i))} floats, row {firstRow} has {dimension}");
                return Values(list.Values, rows == 0 ? 0 : list.ValueOffsets[0], rows * dimension, name, ref buffer);
            default:
                throw new InvalidDataException($"column '{name}' is {column.Data.DataType.Name}, not a list of float32 or float16");
        }
    }

    private static ReadOnlySpan<float> Values(IArrowArray values, int offset, int length, string name, ref float[] buffer)
    {
        switch (values)
        {
            case FloatArray floats:
                return floats.Values.Slice(offset, length);
            case HalfFloatArray halves:
                if (buffer.Length < length) buffer = new float[length];
                HalfConversion.ToSingle(halves.Values.Slice(offset, length), buffer);
                return buffer.AsSpan(0, length);
            default:
                throw new InvalidDataException($"column '{name}' is a list of {values.Data.DataType.Name}, not of float32 or float16");
        }
    }
}
