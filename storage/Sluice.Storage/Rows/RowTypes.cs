using System.Collections;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sluice.Storage.Rows;

/// <summary>
/// The Arrow type of a row value, and how the types of many rows combine into one column type when rows are written
/// to Arrow or Parquet. Inference: <c>bool</c> → bool, each integer width → the same width, <c>Half</c>/<c>float</c>/
/// <c>double</c> → float16/32/64, <c>decimal</c> → decimal128(38, its scale), <c>string</c> → utf8, <c>byte[]</c> →
/// binary, <c>DateTimeOffset</c>/<c>DateTime</c> → timestamp[µs, UTC], <c>DateOnly</c> → date32, <c>TimeOnly</c> →
/// time64[µs], <c>TimeSpan</c> → duration[µs], a list → list of its items' combined type, a <see cref="Row"/> →
/// struct, a list of key/value pairs → map. Combining: a null or null-typed value takes the other's type; integers
/// widen to the wider (signed and unsigned together: int64); integers and floats meet at float64; decimals at
/// decimal128(38, the larger scale); lists, structs and maps combine member by member (a struct gets every member
/// either has); any other pair — a string and a number, say — meets at utf8, the value written as its JSON text.
/// </summary>
public static class RowTypes
{
    /// <summary>The Arrow type a value is written as when its column has no known type.</summary>
    /// <exception cref="NotSupportedException">A value of a type rows cannot hold.</exception>
    public static IArrowType Infer(object? value) => value switch
    {
        null => NullType.Default,
        bool => BooleanType.Default,
        string => StringType.Default,
        long => Int64Type.Default,
        int => Int32Type.Default,
        short => Int16Type.Default,
        sbyte => Int8Type.Default,
        ulong => UInt64Type.Default,
        uint => UInt32Type.Default,
        ushort => UInt16Type.Default,
        byte => UInt8Type.Default,
        double => DoubleType.Default,
        float => FloatType.Default,
        Half => HalfFloatType.Default,
        decimal m => new Decimal128Type(38, m.Scale),
        byte[] => BinaryType.Default,
        DateTimeOffset or DateTime => new TimestampType(TimeUnit.Microsecond, "UTC"),
        DateOnly => Date32Type.Default,
        TimeOnly => new Time64Type(TimeUnit.Microsecond),
        TimeSpan => DurationType.Microsecond,
        Row row => StructOf(row),
        IEnumerable<KeyValuePair<object, object?>> map => MapOf(map),
        IEnumerable items => new ListType(new Field("item", items.Cast<object?>().Aggregate((IArrowType)NullType.Default, (t, v) => Merge(t, Infer(v))), true)),
        _ => throw new NotSupportedException($"a {value.GetType().Name} cannot be stored in a row column"),
    };

    /// <summary>The type that holds values of both <paramref name="a"/> and <paramref name="b"/> (see the class
    /// summary).</summary>
    public static IArrowType Merge(IArrowType a, IArrowType b)
    {
        if (SameType(a, b)) return a;
        if (a is NullType) return b;
        if (b is NullType) return a;
        if (a is IntegerType ia && b is IntegerType ib) return WiderInteger(ia, ib);
        if (IsFloat(a) && IsFloat(b)) return FloatRank(a) >= FloatRank(b) ? a : b;
        if ((a is IntegerType && IsFloat(b)) || (IsFloat(a) && b is IntegerType)) return DoubleType.Default;
        if (a is Decimal128Type da && b is Decimal128Type db) return new Decimal128Type(38, Math.Max(da.Scale, db.Scale));
        if (a is Decimal128Type d1 && b is IntegerType) return d1;
        if (a is IntegerType && b is Decimal128Type d2) return d2;
        if ((a is Decimal128Type && IsFloat(b)) || (IsFloat(a) && b is Decimal128Type)) return DoubleType.Default;
        if (a is TimestampType && b is TimestampType) return new TimestampType(TimeUnit.Microsecond, "UTC");
        if (a is MapType ma && b is MapType mb)
            return new MapType(new Field("key", Merge(ma.KeyField.DataType, mb.KeyField.DataType), false),
                new Field("value", Merge(ma.ValueField.DataType, mb.ValueField.DataType), true));
        if (a is ListType la && b is ListType lb) return new ListType(new Field("item", Merge(la.ValueDataType, lb.ValueDataType), true));
        if (a is StructType sa && b is StructType sb) return MergeStructs(sa, sb);
        return StringType.Default;
    }

    /// <summary>True when <paramref name="value"/> can be written in a column of <paramref name="type"/> as it is
    /// (null fits every type).</summary>
    public static bool Fits(object? value, IArrowType type) =>
        value is null || (value is int or long && IsTemporal(type)) || SameType(Merge(type, Infer(value)), type);

    // Dates and times beyond .NET's range are read as their raw int or long (see Row).
    internal static bool IsTemporal(IArrowType type) =>
        type is TimestampType or Date32Type or Date64Type or Time32Type or Time64Type or DurationType;

    /// <summary>True when both are the same Arrow type, member types and names included; two nulls are the same.</summary>
    public static bool SameType(IArrowType? a, IArrowType? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null || a.TypeId != b.TypeId) return false;
        return a switch
        {
            TimestampType ta => b is TimestampType tb && ta.Unit == tb.Unit && ta.Timezone == tb.Timezone,
            Time32Type t32 => b is Time32Type u32 && t32.Unit == u32.Unit,
            Time64Type t64 => b is Time64Type u64 && t64.Unit == u64.Unit,
            DurationType da => b is DurationType db && da.Unit == db.Unit,
            Decimal128Type d => b is Decimal128Type e && d.Precision == e.Precision && d.Scale == e.Scale,
            Decimal256Type d => b is Decimal256Type e && d.Precision == e.Precision && d.Scale == e.Scale,
            FixedSizeBinaryType f => b is FixedSizeBinaryType g && f.ByteWidth == g.ByteWidth,
            FixedSizeListType f => b is FixedSizeListType g && f.ListSize == g.ListSize && SameType(f.ValueDataType, g.ValueDataType),
            MapType m => b is MapType n && SameType(m.KeyField.DataType, n.KeyField.DataType) && SameType(m.ValueField.DataType, n.ValueField.DataType),
            ListType l => b is ListType k && SameType(l.ValueDataType, k.ValueDataType),
            StructType s => b is StructType t && s.Fields.Count == t.Fields.Count
                && s.Fields.Zip(t.Fields).All(p => p.First.Name == p.Second.Name && SameType(p.First.DataType, p.Second.DataType)),
            _ => true,
        };
    }

    /// <summary>A short name of the type, as <c>sluice inspect</c> prints it: <c>list&lt;int64&gt;</c>,
    /// <c>struct&lt;a: utf8, b: double&gt;</c>, <c>timestamp[Microsecond, UTC]</c>.</summary>
    public static string Describe(IArrowType type) => type switch
    {
        FixedSizeListType f => $"fixed_size_list<{Describe(f.ValueDataType)}>[{f.ListSize}]",
        MapType m => $"map<{Describe(m.KeyField.DataType)}, {Describe(m.ValueField.DataType)}>",
        ListType l => $"list<{Describe(l.ValueDataType)}>",
        StructType s => $"struct<{string.Join(", ", s.Fields.Select(f => $"{f.Name}: {Describe(f.DataType)}"))}>",
        TimestampType t => $"timestamp[{t.Unit}{(t.Timezone is { Length: > 0 } z ? ", " + z : "")}]",
        Decimal128Type d => $"decimal128({d.Precision}, {d.Scale})",
        Decimal256Type d => $"decimal256({d.Precision}, {d.Scale})",
        DictionaryType d => Describe(d.ValueType),
        _ => type.Name,
    };

    private static StructType StructOf(Row row)
    {
        var fields = new Field[row.Count];
        for (int i = 0; i < row.Count; i++)
            fields[i] = new Field(row.Schema.Names[i], row.Schema.Types[i] ?? Infer(row.ValueAt(i)), true);
        return new StructType(fields);
    }

    private static MapType MapOf(IEnumerable<KeyValuePair<object, object?>> map)
    {
        IArrowType key = NullType.Default, value = NullType.Default;
        foreach (var (k, v) in map)
        {
            key = Merge(key, Infer(k));
            value = Merge(value, Infer(v));
        }
        return new MapType(new Field("key", key, false), new Field("value", value, true));
    }

    private static StructType MergeStructs(StructType a, StructType b)
    {
        var fields = a.Fields.Select(f => b.GetFieldByName(f.Name) is { } other ? new Field(f.Name, Merge(f.DataType, other.DataType), true) : f).ToList();
        fields.AddRange(b.Fields.Where(f => a.GetFieldByName(f.Name) is null));
        return new StructType(fields);
    }

    private static IArrowType WiderInteger(IntegerType a, IntegerType b)
    {
        if (a.IsSigned != b.IsSigned) return Int64Type.Default;
        return a.BitWidth >= b.BitWidth ? a : b;
    }

    private static bool IsFloat(IArrowType t) => t is FloatingPointType;

    private static int FloatRank(IArrowType t) => t switch { HalfFloatType => 0, FloatType => 1, _ => 2 };
}
