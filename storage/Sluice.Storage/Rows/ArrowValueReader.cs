using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Sluice.Storage.Rows;

/// <summary>Reads one Arrow array's values as row values (see <see cref="Row"/>), built once per array; nested
/// arrays get nested readers. <see cref="Type"/> is the type a writer gives the values back (plain layouts).</summary>
internal sealed class ArrowValueReader
{
    private readonly Func<int, object?> _read;

    private ArrowValueReader(IArrowType type, Func<int, object?> read)
    {
        Type = type;
        _read = read;
    }

    public IArrowType Type { get; }

    public object? Read(int index) => _read(index);

    public static ArrowValueReader For(IArrowArray array, string column)
    {
        var type = array.Data.DataType;
        ArrowValueReader Plain(Func<int, object?> read) => new(type, i => array.IsNull(i) ? null : read(i));
        return array switch
        {
            NullArray => new(NullType.Default, _ => null),
            BooleanArray a => Plain(i => a.GetValue(i)),
            Int8Array a => Plain(i => a.GetValue(i)),
            Int16Array a => Plain(i => a.GetValue(i)),
            Int32Array a => Plain(i => a.GetValue(i)),
            Int64Array a => Plain(i => a.GetValue(i)),
            UInt8Array a => Plain(i => a.GetValue(i)),
            UInt16Array a => Plain(i => a.GetValue(i)),
            UInt32Array a => Plain(i => a.GetValue(i)),
            UInt64Array a => Plain(i => a.GetValue(i)),
            HalfFloatArray a => Plain(i => a.GetValue(i)),
            FloatArray a => Plain(i => a.GetValue(i)),
            DoubleArray a => Plain(i => a.GetValue(i)),
            Decimal128Array a => Plain(i => Decimal(() => a.GetValue(i), column, i)),
            Decimal256Array a => Plain(i => Decimal(() => a.GetValue(i), column, i)),
            Date32Array a => Plain(i => TemporalUnits.FromRaw(type, a.GetValue(i)!.Value)),
            Date64Array a => Plain(i => TemporalUnits.FromRaw(type, a.GetValue(i)!.Value)),
            TimestampArray a => Plain(i => TemporalUnits.FromRaw(type, a.GetValue(i)!.Value)),
            Time32Array a => Plain(i => TemporalUnits.FromRaw(type, a.GetValue(i)!.Value)),
            Time64Array a => Plain(i => TemporalUnits.FromRaw(type, a.GetValue(i)!.Value)),
            DurationArray a => Plain(i => TemporalUnits.FromRaw(type, a.GetValue(i)!.Value)),
            StringArray a => Plain(i => a.GetString(i)),
            LargeStringArray a => new(StringType.Default, i => a.IsNull(i) ? null : a.GetString(i)),
            StringViewArray a => new(StringType.Default, i => a.IsNull(i) ? null : a.GetString(i)),
            BinaryArray a => Plain(i => a.GetBytes(i).ToArray()),
            LargeBinaryArray a => new(BinaryType.Default, i => a.IsNull(i) ? null : a.GetBytes(i).ToArray()),
            BinaryViewArray a => new(BinaryType.Default, i => a.IsNull(i) ? null : a.GetBytes(i).ToArray()),
            FixedSizeBinaryArray a => Plain(i => a.GetBytes(i).ToArray()),
            MapArray a => Map(a, column),
            ListArray a => List(a, a.Values, i => (a.ValueOffsets[i], a.GetValueLength(i)), column),
            LargeListArray a => List(a, a.Values, i => (checked((int)a.ValueOffsets[i]), a.GetValueLength(i)), column),
            FixedSizeListArray a => FixedList(a, column),
            StructArray a => Struct(a, column),
            DictionaryArray a => Dictionary(a, column),
            _ => throw new InvalidDataException($"column '{column}' has Arrow type {type.Name}, which rows cannot hold"),
        };
    }

    private static decimal Decimal(Func<decimal?> read, string column, int row)
    {
        try
        {
            return read()!.Value;
        }
        catch (OverflowException e)
        {
            throw new InvalidDataException($"column '{column}' row {row}: the decimal does not fit .NET's decimal (28 digits)", e);
        }
    }

    private static ArrowValueReader List(IArrowArray list, IArrowArray values, Func<int, (int Start, int Length)> span, string column)
    {
        var item = For(values, column);
        return new(new ListType(new Field("item", item.Type, true)), i =>
        {
            if (list.IsNull(i)) return null;
            var (start, length) = span(i);
            var items = new object?[length];
            for (int k = 0; k < length; k++) items[k] = item.Read(start + k);
            return items;
        });
    }

    private static ArrowValueReader FixedList(FixedSizeListArray list, string column)
    {
        var item = For(list.Values, column);
        int size = ((FixedSizeListType)list.Data.DataType).ListSize;
        return new(new FixedSizeListType(new Field("item", item.Type, true), size), i =>
        {
            if (list.IsNull(i)) return null;
            var items = new object?[size];
            int start = (list.Offset + i) * size;
            for (int k = 0; k < size; k++) items[k] = item.Read(start + k);
            return items;
        });
    }

    private static ArrowValueReader Map(MapArray map, string column)
    {
        var keys = For(map.Keys, column);
        var values = For(map.Values, column);
        var type = new MapType(new Field("key", keys.Type, false), new Field("value", values.Type, true));
        return new(type, i =>
        {
            if (map.IsNull(i)) return null;
            int start = map.ValueOffsets[i], length = map.GetValueLength(i);
            var pairs = new KeyValuePair<object, object?>[length];
            for (int k = 0; k < length; k++)
                pairs[k] = new(keys.Read(start + k) ?? throw new InvalidDataException($"column '{column}' row {i}: a map key is null"), values.Read(start + k));
            return pairs;
        });
    }

    private static ArrowValueReader Struct(StructArray array, string column)
    {
        var fields = ((StructType)array.Data.DataType).Fields;
        var children = array.Fields.Select((child, k) => For(child, $"{column}.{fields[k].Name}")).ToArray();
        var schema = new RowSchema(fields.Select(f => f.Name).ToArray(), children.Select(c => c.Type).ToArray());
        var type = new StructType(fields.Select((f, k) => new Field(f.Name, children[k].Type, true)).ToList());
        // Children are not sliced with their parent: row i of a sliced struct is child row Offset + i.
        int offset = array.Offset;
        return new(type, i =>
        {
            if (array.IsNull(i)) return null;
            var values = new object?[children.Length];
            for (int k = 0; k < values.Length; k++) values[k] = children[k].Read(offset + i);
            return new Row(schema, values);
        });
    }

    private static ArrowValueReader Dictionary(DictionaryArray array, string column)
    {
        var values = For(array.Dictionary, column);
        var indices = array.Indices;
        Func<int, long> index = indices switch
        {
            Int8Array a => i => a.GetValue(i)!.Value,
            Int16Array a => i => a.GetValue(i)!.Value,
            Int32Array a => i => a.GetValue(i)!.Value,
            Int64Array a => i => a.GetValue(i)!.Value,
            UInt8Array a => i => a.GetValue(i)!.Value,
            UInt16Array a => i => a.GetValue(i)!.Value,
            UInt32Array a => i => a.GetValue(i)!.Value,
            UInt64Array a => i => checked((long)a.GetValue(i)!.Value),
            _ => throw new InvalidDataException($"column '{column}' has dictionary indices of type {indices.Data.DataType.Name}"),
        };
        return new(values.Type, i => array.IsNull(i) ? null : values.Read(checked((int)index(i))));
    }
}
