using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Parquet.Schema;

namespace Sluice.Storage.Formats.Internal;

/// <summary>The supported element types.</summary>
internal static class ScalarKinds
{
    private static readonly Dictionary<Type, object> s_kinds = new()
    {
        [typeof(bool)] = new BoolKind(),
        [typeof(int)] = new PrimitiveKind<int, int, Int32Array, Int32Array.Builder>(Int32Type.Default, v => v, v => v),
        [typeof(long)] = new PrimitiveKind<long, long, Int64Array, Int64Array.Builder>(Int64Type.Default, v => v, v => v),
        [typeof(float)] = new PrimitiveKind<float, float, FloatArray, FloatArray.Builder>(FloatType.Default, v => v, v => v),
        [typeof(double)] = new PrimitiveKind<double, double, DoubleArray, DoubleArray.Builder>(DoubleType.Default, v => v, v => v),
        // Parquet.Net has no float16 column type: halves are stored widened to float there.
        [typeof(Half)] = new PrimitiveKind<Half, float, HalfFloatArray, HalfFloatArray.Builder>(HalfFloatType.Default, v => (float)v, v => (Half)v),
        [typeof(string)] = new StringKind(),
        [typeof(byte[])] = new BinaryKind(),
        [typeof(DateTime)] = new TimestampKind<DateTime>(v => v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime(), v => v),
        [typeof(DateTimeOffset)] = new TimestampKind<DateTimeOffset>(v => v.UtcDateTime, v => new DateTimeOffset(v, TimeSpan.Zero)),
    };

    /// <summary>The <see cref="ScalarKind{E}"/> of <paramref name="type"/>, or null when unsupported.</summary>
    public static object? For(Type type) => s_kinds.GetValueOrDefault(type);

    public static InvalidDataException Mismatch(IArrowArray array, Type expected) =>
        new($"holds Arrow {array.Data.DataType.Name}, which does not map to {expected.Name}");

    private sealed class PrimitiveKind<E, P, TArray, TBuilder>(IArrowType type, Func<E, P> toParquet, Func<P, E> fromParquet) : ScalarKind<E, P>
        where E : struct, IEquatable<E>
        where P : struct
        where TArray : PrimitiveArray<E>
        where TBuilder : PrimitiveArrayBuilder<E, TArray, TBuilder>, new()
    {
        public override IArrowType ArrowType => type;

        public override int Estimate(E value) => System.Runtime.CompilerServices.Unsafe.SizeOf<E>();

        public override IArrowArray Build(ReadOnlySpan<E> values, ReadOnlySpan<bool> valid)
        {
            var builder = new TBuilder().Reserve(values.Length);
            if (!valid.Contains(false)) return builder.Append(values).Build();
            for (int i = 0; i < values.Length; i++)
            {
                if (valid[i]) builder.Append(values[i]);
                else builder.AppendNull();
            }
            return builder.Build();
        }

        public override E[] Read(IArrowArray array)
        {
            if (array is not TArray typed) throw Mismatch(array, typeof(E));
            var result = typed.Values.ToArray();
            if (typed.NullCount > 0)
                for (int i = 0; i < result.Length; i++)
                    if (typed.IsNull(i)) result[i] = default;
            return result;
        }

        protected override P ToParquet(E value) => toParquet(value);

        protected override E FromParquet(P value) => fromParquet(value);
    }

    private sealed class BoolKind : ScalarKind<bool, bool>
    {
        public override IArrowType ArrowType => BooleanType.Default;

        public override int Estimate(bool value) => 1;

        public override IArrowArray Build(ReadOnlySpan<bool> values, ReadOnlySpan<bool> valid)
        {
            var builder = new BooleanArray.Builder().Reserve(values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                if (valid[i]) builder.Append(values[i]);
                else builder.AppendNull();
            }
            return builder.Build();
        }

        public override bool[] Read(IArrowArray array)
        {
            if (array is not BooleanArray typed) throw Mismatch(array, typeof(bool));
            var result = new bool[typed.Length];
            for (int i = 0; i < result.Length; i++) result[i] = typed.GetValue(i) ?? false;
            return result;
        }

        protected override bool ToParquet(bool value) => value;

        protected override bool FromParquet(bool value) => value;
    }

    private sealed class StringKind : ScalarKind<string, ReadOnlyMemory<char>>
    {
        public override IArrowType ArrowType => StringType.Default;

        public override int Estimate(string value) => value.Length + 4;

        public override IArrowArray Build(ReadOnlySpan<string> values, ReadOnlySpan<bool> valid)
        {
            var builder = new StringArray.Builder().Reserve(values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                if (valid[i]) builder.Append(values[i]);
                else builder.AppendNull();
            }
            return builder.Build();
        }

        public override string[] Read(IArrowArray array)
        {
            var result = new string[array.Length];
            switch (array)
            {
                case StringArray s:
                    for (int i = 0; i < result.Length; i++) result[i] = s.GetString(i)!;
                    break;
                case LargeStringArray s:
                    for (int i = 0; i < result.Length; i++) result[i] = s.GetString(i)!;
                    break;
                case StringViewArray s:
                    for (int i = 0; i < result.Length; i++) result[i] = s.GetString(i)!;
                    break;
                default:
                    throw Mismatch(array, typeof(string));
            }
            return result;
        }

        public override DataField ParquetField(string name, bool nullable) => new DataField<string>(name, nullable);

        protected override ReadOnlyMemory<char> ToParquet(string value) => value.AsMemory();

        protected override string FromParquet(ReadOnlyMemory<char> value) => value.ToString();
    }

    private sealed class BinaryKind : ScalarKind<byte[], ReadOnlyMemory<byte>>
    {
        public override IArrowType ArrowType => BinaryType.Default;

        public override int Estimate(byte[] value) => value.Length + 4;

        public override IArrowArray Build(ReadOnlySpan<byte[]> values, ReadOnlySpan<bool> valid)
        {
            var builder = new BinaryArray.Builder().Reserve(values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                if (valid[i]) builder.Append(values[i].AsSpan());
                else builder.AppendNull();
            }
            return builder.Build();
        }

        public override byte[][] Read(IArrowArray array)
        {
            if (array is not BinaryArray typed || array is StringArray) throw Mismatch(array, typeof(byte[]));
            var result = new byte[typed.Length][];
            for (int i = 0; i < result.Length; i++) result[i] = typed.IsNull(i) ? null! : typed.GetBytes(i).ToArray();
            return result;
        }

        public override DataField ParquetField(string name, bool nullable) => new DataField<byte[]>(name, nullable);

        protected override ReadOnlyMemory<byte> ToParquet(byte[] value) => value;

        protected override byte[] FromParquet(ReadOnlyMemory<byte> value) => value.ToArray();
    }

    private sealed class TimestampKind<E>(Func<E, DateTime> toUtc, Func<DateTime, E> fromUtc) : ScalarKind<E, DateTime>
    {
        private static readonly TimestampType s_type = new(TimeUnit.Microsecond, "UTC");

        public override IArrowType ArrowType => s_type;

        public override int Estimate(E value) => 8;

        public override IArrowArray Build(ReadOnlySpan<E> values, ReadOnlySpan<bool> valid)
        {
            var builder = new TimestampArray.Builder(s_type).Reserve(values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                if (valid[i]) builder.Append(new DateTimeOffset(toUtc(values[i]), TimeSpan.Zero));
                else builder.AppendNull();
            }
            return builder.Build();
        }

        public override E[] Read(IArrowArray array)
        {
            if (array is not TimestampArray typed) throw Mismatch(array, typeof(E));
            var result = new E[typed.Length];
            for (int i = 0; i < result.Length; i++)
                if (typed.GetTimestamp(i) is { } t) result[i] = fromUtc(t.UtcDateTime);
            return result;
        }

        public override DataField ParquetField(string name, bool nullable) =>
            new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable);

        protected override DateTime ToParquet(E value) => toUtc(value);

        protected override E FromParquet(DateTime value) => fromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
