using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;
using Sluice.Storage.Formats;

namespace Sluice.Storage.Rows;

/// <summary>Builds one Arrow array of a given type from row values, converting each value to the column's type
/// (checked: a value that does not fit is an error naming the column and row, never a silent truncation).</summary>
internal static class ArrowValueWriter
{
    public static IArrowArray Build(IArrowType type, IReadOnlyList<object?> values, string column)
    {
        try
        {
            return BuildUnchecked(type, values, column);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
        {
            throw new InvalidDataException($"column '{column}': {e.Message}", e);
        }
    }

    private static IArrowArray BuildUnchecked(IArrowType type, IReadOnlyList<object?> values, string column)
    {
        switch (type)
        {
            case NullType: return new NullArray(values.Count);
            case BooleanType: return Fill(new BooleanArray.Builder(), values, (b, v) => b.Append(As<bool>(v, column)), b => b.AppendNull(), b => b.Build());
            case Int8Type: return Fill(new Int8Array.Builder(), values, (b, v) => b.Append(As<sbyte>(v, column)), b => b.AppendNull(), b => b.Build());
            case Int16Type: return Fill(new Int16Array.Builder(), values, (b, v) => b.Append(As<short>(v, column)), b => b.AppendNull(), b => b.Build());
            case Int32Type: return Fill(new Int32Array.Builder(), values, (b, v) => b.Append(As<int>(v, column)), b => b.AppendNull(), b => b.Build());
            case Int64Type: return Fill(new Int64Array.Builder(), values, (b, v) => b.Append(As<long>(v, column)), b => b.AppendNull(), b => b.Build());
            case UInt8Type: return Fill(new UInt8Array.Builder(), values, (b, v) => b.Append(As<byte>(v, column)), b => b.AppendNull(), b => b.Build());
            case UInt16Type: return Fill(new UInt16Array.Builder(), values, (b, v) => b.Append(As<ushort>(v, column)), b => b.AppendNull(), b => b.Build());
            case UInt32Type: return Fill(new UInt32Array.Builder(), values, (b, v) => b.Append(As<uint>(v, column)), b => b.AppendNull(), b => b.Build());
            case UInt64Type: return Fill(new UInt64Array.Builder(), values, (b, v) => b.Append(As<ulong>(v, column)), b => b.AppendNull(), b => b.Build());
            case HalfFloatType: return Fill(new HalfFloatArray.Builder(), values, (b, v) => b.Append(As<Half>(v, column)), b => b.AppendNull(), b => b.Build());
            case FloatType: return Fill(new FloatArray.Builder(), values, (b, v) => b.Append(As<float>(v, column)), b => b.AppendNull(), b => b.Build());
            case DoubleType: return Fill(new DoubleArray.Builder(), values, (b, v) => b.Append(As<double>(v, column)), b => b.AppendNull(), b => b.Build());
            case Decimal128Type d: return Fill(new Decimal128Array.Builder(d), values, (b, v) => b.Append(As<decimal>(v, column)), b => b.AppendNull(), b => b.Build());
            case Decimal256Type d: return Fill(new Decimal256Array.Builder(d), values, (b, v) => b.Append(As<decimal>(v, column)), b => b.AppendNull(), b => b.Build());
            case Date32Type or Time32Type: return Temporal32(type, values, column);
            case Date64Type or TimestampType or Time64Type or DurationType: return Temporal64(type, values, column);
            case StringType: return Fill(new StringArray.Builder(), values, (b, v) => b.Append(Text(v)), b => b.AppendNull(), b => b.Build());
            case BinaryType: return Fill(new BinaryArray.Builder(), values, (b, v) => b.Append(Bytes(v, column).AsSpan()), b => b.AppendNull(), b => b.Build());
            case FixedSizeBinaryType f: return FixedBinary(f, values, column);
            case MapType m: return Map(m, values, column);
            case ListType l: return List(l, values, column);
            case FixedSizeListType f: return FixedList(f, values, column);
            case StructType s: return Struct(s, values, column);
            default: throw new NotSupportedException($"column '{column}': rows cannot be written as Arrow type {type.Name}");
        }
    }

    private static IArrowArray Fill<TBuilder>(TBuilder builder, IReadOnlyList<object?> values, Action<TBuilder, object> append,
        Action<TBuilder> appendNull, Func<TBuilder, IArrowArray> build)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is { } v)
            {
                try
                {
                    append(builder, v);
                }
                catch (InvalidCastException e)
                {
                    throw new InvalidCastException($"row {i}: {e.Message}", e);
                }
            }
            else appendNull(builder);
        }
        return build(builder);
    }

    private static T As<T>(object value, string column) => RowValues.Convert<T>(value, column);

    private static IArrowArray Temporal32(IArrowType type, IReadOnlyList<object?> values, string column) =>
        Primitive(type, values, v => checked((int)TemporalUnits.ToRaw(type, v, column)));

    private static IArrowArray Temporal64(IArrowType type, IReadOnlyList<object?> values, string column) =>
        Primitive(type, values, v => TemporalUnits.ToRaw(type, v, column));

    private static IArrowArray Primitive<TRaw>(IArrowType type, IReadOnlyList<object?> values, Func<object, TRaw> raw) where TRaw : struct
    {
        var data = new ArrowBuffer.Builder<TRaw>(values.Count);
        var validity = new ArrowBuffer.BitmapBuilder(values.Count);
        int nulls = 0;
        for (int i = 0; i < values.Count; i++)
        {
            try
            {
                data.Append(values[i] is { } v ? raw(v) : default);
            }
            catch (InvalidCastException e)
            {
                throw new InvalidCastException($"row {i}: {e.Message}", e);
            }
            validity.Append(values[i] is not null);
            if (values[i] is null) nulls++;
        }
        return ArrowArrayFactory.BuildArray(new ArrayData(type, values.Count, nulls, 0, [validity.Build(), data.Build()]));
    }

    // A column of mixed types is utf8 (RowTypes.Merge); values that are not strings go in as their JSON text.
    private static string Text(object value) => value as string ?? JsonSerializer.Serialize(value, value.GetType(), SluiceJson.Options);

    private static byte[] Bytes(object value, string column) => value as byte[] ?? throw new InvalidCastException($"column '{column}' holds a {value.GetType().Name}, not binary");

    private static IArrowArray FixedBinary(FixedSizeBinaryType type, IReadOnlyList<object?> values, string column)
    {
        var data = new ArrowBuffer.Builder<byte>();
        var validity = new ArrowBuffer.BitmapBuilder();
        int nulls = 0;
        for (int i = 0; i < values.Count; i++)
        {
            var bytes = values[i] is { } v ? Bytes(v, column) : new byte[type.ByteWidth];
            if (bytes.Length != type.ByteWidth) throw new InvalidCastException($"row {i}: {bytes.Length} bytes in a fixed_size_binary({type.ByteWidth}) column");
            data.Append(bytes.AsSpan());
            validity.Append(values[i] is not null);
            if (values[i] is null) nulls++;
        }
        var arrayData = new ArrayData(type, values.Count, nulls, 0, [validity.Build(), data.Build()]);
        return new FixedSizeBinaryArray(arrayData);
    }

    private static IArrowArray List(ListType type, IReadOnlyList<object?> values, string column)
    {
        var offsets = new ArrowBuffer.Builder<int>();
        var validity = new ArrowBuffer.BitmapBuilder();
        var items = new List<object?>();
        int nulls = 0;
        offsets.Append(0);
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is { } v) items.AddRange(Items(v, column, i));
            else nulls++;
            validity.Append(values[i] is not null);
            offsets.Append(items.Count);
        }
        var child = Build(type.ValueDataType, items, column);
        var data = new ArrayData(type, values.Count, nulls, 0, [validity.Build(), offsets.Build()], [child.Data]);
        return new ListArray(data);
    }

    private static IArrowArray FixedList(FixedSizeListType type, IReadOnlyList<object?> values, string column)
    {
        var validity = new ArrowBuffer.BitmapBuilder();
        var items = new List<object?>();
        int nulls = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is { } v)
            {
                var list = Items(v, column, i).ToList();
                if (list.Count != type.ListSize) throw new InvalidCastException($"row {i}: {list.Count} items in a fixed_size_list[{type.ListSize}] column");
                items.AddRange(list);
            }
            else
            {
                nulls++;
                items.AddRange(new object?[type.ListSize]);
            }
            validity.Append(values[i] is not null);
        }
        var child = Build(type.ValueDataType, items, column);
        return new FixedSizeListArray(new ArrayData(type, values.Count, nulls, 0, [validity.Build()], [child.Data]));
    }

    private static IArrowArray Struct(StructType type, IReadOnlyList<object?> values, string column)
    {
        var validity = new ArrowBuffer.BitmapBuilder();
        int nulls = 0;
        foreach (var value in values)
        {
            if (value is not null and not Row) throw new InvalidCastException($"column '{column}' holds a {value.GetType().Name}, not a nested row");
            validity.Append(value is not null);
            if (value is null) nulls++;
        }
        var children = type.Fields.Select(f => Build(f.DataType,
            values.Select(v => v is Row r && r.TryGetValue(f.Name, out var x) ? x : null).ToArray(), $"{column}.{f.Name}")).ToArray();
        return new StructArray(type, values.Count, children, validity.Build(), nulls);
    }

    private static IArrowArray Map(MapType type, IReadOnlyList<object?> values, string column)
    {
        var offsets = new ArrowBuffer.Builder<int>();
        var validity = new ArrowBuffer.BitmapBuilder();
        var keys = new List<object?>();
        var items = new List<object?>();
        int nulls = 0;
        offsets.Append(0);
        for (int i = 0; i < values.Count; i++)
        {
            switch (values[i])
            {
                case null:
                    nulls++;
                    break;
                case IEnumerable<KeyValuePair<object, object?>> pairs:
                    foreach (var (k, v) in pairs)
                    {
                        keys.Add(k);
                        items.Add(v);
                    }
                    break;
                case Row row:
                    foreach (var (k, v) in row)
                    {
                        keys.Add(k);
                        items.Add(v);
                    }
                    break;
                default:
                    throw new InvalidCastException($"row {i}: column '{column}' holds a {values[i]!.GetType().Name}, not a map");
            }
            validity.Append(values[i] is not null);
            offsets.Append(keys.Count);
        }
        var entryType = (StructType)type.Fields[0].DataType;
        var entries = new StructArray(entryType, keys.Count,
            [Build(type.KeyField.DataType, keys, column + ".key"), Build(type.ValueField.DataType, items, column + ".value")],
            ArrowBuffer.Empty, 0);
        return new MapArray(type, values.Count, offsets.Build(), entries, validity.Build(), nulls);
    }

    private static IEnumerable<object?> Items(object value, string column, int row) => value switch
    {
        string or byte[] or Row => throw new InvalidCastException($"row {row}: column '{column}' holds a {value.GetType().Name}, not a list"),
        System.Collections.IEnumerable e => e.Cast<object?>(),
        _ => throw new InvalidCastException($"row {row}: column '{column}' holds a {value.GetType().Name}, not a list"),
    };
}
