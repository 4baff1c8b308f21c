using System.Linq.Expressions;
using System.Reflection;
using Apache.Arrow;
using Array = System.Array;
using Parquet;
using ParquetField = Parquet.Schema.Field;
using ParquetDataField = Parquet.Schema.DataField;

namespace Sluice.Storage.Formats.Internal;

/// <summary>A property of type <typeparamref name="TProp"/>: an element <typeparamref name="E"/> itself,
/// <c>E?</c> for value types, or a nullable reference.</summary>
internal sealed class ScalarColumn<T, TProp, E> : RecordColumn<T>
{
    private readonly Func<T, TProp> _get;
    private readonly Func<TProp, bool> _has;
    private readonly Func<TProp, E> _unwrap;
    private readonly Func<E, TProp> _wrap;
    private readonly ScalarKind<E> _kind;
    private readonly bool _nullable;

    public ScalarColumn(string name, PropertyInfo property, ScalarKind<E> kind) : base(name, property)
    {
        _kind = kind;
        _get = Getter<TProp>(property);
        _nullable = !typeof(TProp).IsValueType || Nullable.GetUnderlyingType(typeof(TProp)) is not null;
        var p = Expression.Parameter(typeof(TProp));
        Expression has = typeof(TProp).IsValueType
            ? (_nullable ? Expression.Property(p, "HasValue") : Expression.Constant(true))
            : Expression.NotEqual(p, Expression.Constant(null, typeof(TProp)));
        _has = Expression.Lambda<Func<TProp, bool>>(has, p).Compile();
        _unwrap = Expression.Lambda<Func<TProp, E>>(Expression.Convert(p, typeof(E)), p).Compile();
        var e = Expression.Parameter(typeof(E));
        _wrap = Expression.Lambda<Func<E, TProp>>(Expression.Convert(e, typeof(TProp)), e).Compile();
    }

    public override bool IsNullable => _nullable;

    public override Apache.Arrow.Field ArrowField(int vectorSize) => new(Name, _kind.ArrowType, _nullable);

    public override IArrowArray ToArrow(IReadOnlyList<T> rows, int vectorSize)
    {
        var (values, valid) = Split(rows);
        return _kind.Build(values, valid);
    }

    public override Array FromArrow(IArrowArray array)
    {
        E[] values;
        try
        {
            values = _kind.Read(array);
        }
        catch (InvalidDataException e)
        {
            throw Bad(e.Message, e);
        }
        if (!_nullable && array.NullCount > 0) throw Bad($"has a null at row {FirstNull(array)} but the property is not nullable");
        if (typeof(E) == typeof(TProp)) return values;
        var result = new TProp[values.Length];
        for (int i = 0; i < result.Length; i++)
            if (!array.IsNull(i)) result[i] = _wrap(values[i]);
        return result;
    }

    public override Array Defaults(int length) => new TProp[length];

    public override ParquetField ParquetField => _kind.ParquetField(Name, _nullable);

    public override long Estimate(T row)
    {
        var value = _get(row);
        return _has(value) ? _kind.Estimate(_unwrap(value)) : 1;
    }

    public override Task WriteParquet(ParquetRowGroupWriter writer, ParquetDataField leaf, IReadOnlyList<T> rows, CancellationToken ct)
    {
        var (values, valid) = Split(rows);
        if (!_nullable) return _kind.WriteParquet(writer, leaf, values, null, null, ct);
        var definitions = new int[rows.Count];
        var dense = new E[rows.Count];
        int n = 0;
        for (int i = 0; i < definitions.Length; i++)
        {
            if (!valid[i]) continue;
            definitions[i] = leaf.MaxDefinitionLevel;
            dense[n++] = values[i];
        }
        return _kind.WriteParquet(writer, leaf, dense.AsMemory(0, n), definitions, null, ct);
    }

    public override async Task<Array> ReadParquet(ParquetRowGroupReader reader, ParquetDataField leaf, int rowCount, CancellationToken ct)
    {
        if (leaf.MaxRepetitionLevel > 0) throw Bad("is a repeated (list) column in the file but the property is a single value");
        (E[] dense, int[] definitions, _) = await ReadKind(reader, leaf, ct);
        var result = new TProp[rowCount];
        if (leaf.MaxDefinitionLevel == 0)
        {
            for (int i = 0; i < rowCount; i++) result[i] = _wrap(dense[i]);
            return result;
        }
        int n = 0;
        for (int i = 0; i < rowCount; i++)
        {
            if (definitions[i] == leaf.MaxDefinitionLevel) result[i] = _wrap(dense[n++]);
            else if (!_nullable) throw Bad($"has a null at row {i} but the property is not nullable");
        }
        return result;
    }

    public override string? ParquetMismatch(ParquetDataField leaf) =>
        leaf.MaxRepetitionLevel > 0 ? $"is {Describe(leaf)} in the file, but {Where} is a single {Friendly(typeof(TProp))}"
        : _kind.ReadsParquet(leaf.ClrType) ? null
        : $"is {Describe(leaf)} in the file, which does not read as {Where} ({Friendly(typeof(TProp))})";

    private async Task<(E[], int[], int[])> ReadKind(ParquetRowGroupReader reader, ParquetDataField leaf, CancellationToken ct)
    {
        try
        {
            return await _kind.ReadParquet(reader, leaf, ct);
        }
        catch (InvalidDataException e)
        {
            throw Bad(e.Message, e);
        }
    }

    private (E[] Values, bool[] Valid) Split(IReadOnlyList<T> rows)
    {
        var values = new E[rows.Count];
        var valid = new bool[rows.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var value = _get(rows[i]);
            if (!_has(value)) continue;
            valid[i] = true;
            values[i] = _unwrap(value);
        }
        return (values, valid);
    }

    private static int FirstNull(IArrowArray array)
    {
        for (int i = 0; i < array.Length; i++)
            if (array.IsNull(i)) return i;
        return -1;
    }
}
