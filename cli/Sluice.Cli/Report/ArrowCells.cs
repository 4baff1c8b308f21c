using System.Collections;
using Apache.Arrow;

namespace Sluice.Cli.Report;

/// <summary>
/// One value of an Arrow column as a plain object (string, number, list, dictionary for a struct), for printing
/// with <see cref="Query.QueryValues.Cell"/>. Batches reach here validated by <c>ArrowFormat.ReadBatchesAsync</c>.
/// </summary>
internal static class ArrowCells
{
    /// <summary>The value at <paramref name="index"/> of <paramref name="array"/>, null where the slot is null.</summary>
    public static object? Value(IArrowArray array, int index)
    {
        if (array.IsNull(index)) return null;
        return array switch
        {
            StringArray s => s.GetString(index),
            BinaryArray b => b.GetBytes(index).ToArray(),
            BooleanArray b => b.GetValue(index),
            ListArray l => Items(l.GetSlicedValues(index)),
            FixedSizeListArray f => Items(f.GetSlicedValues(index)),
            StructArray st => Fields(st, index),
            DictionaryArray d => Value(d.Dictionary, IndexOf(d.Indices, index)),
            // Primitive arrays list their values (T?); a sample is 20 rows, so walking to the index is cheap.
            IEnumerable values => values.Cast<object?>().ElementAt(index),
            _ => $"<{array.Data.DataType.Name}>",
        };
    }

    private static List<object?> Items(IArrowArray slice)
    {
        var items = new List<object?>(slice.Length);
        for (var i = 0; i < slice.Length; i++) items.Add(Value(slice, i));
        return items;
    }

    private static Dictionary<string, object?> Fields(StructArray array, int index)
    {
        var type = (Apache.Arrow.Types.StructType)array.Data.DataType;
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var f = 0; f < type.Fields.Count; f++) fields[type.Fields[f].Name] = Value(array.Fields[f], index);
        return fields;
    }

    private static int IndexOf(IArrowArray indices, int index) => Convert.ToInt32(Value(indices, index), System.Globalization.CultureInfo.InvariantCulture);
}
