using System.Reflection;
using Apache.Arrow;
using Array = System.Array;
using Apache.Arrow.Types;
using Parquet;
using Parquet.Schema;
using ArrowField = Apache.Arrow.Field;
using ParquetField = Parquet.Schema.Field;

namespace Sluice.Storage.Formats.Internal;

/// <summary>
/// A list property (<c>E[]</c>, <c>List&lt;E&gt;</c>, <c>IReadOnlyList&lt;E&gt;</c>, <c>IList&lt;E&gt;</c>): an Arrow List,
/// or a FixedSizeList when it is a <see cref="VectorAttribute"/> vector. Lists are nullable; string elements are
/// nullable, value elements are not. In Parquet both are a standard three-level list.
/// </summary>
internal sealed class ListColumn<T, TProp, E> : RecordColumn<T> where TProp : class, IEnumerable<E>
{
    private readonly Func<T, TProp> _get;
    private readonly ScalarKind<E> _kind;
    private readonly int _vectorSize;
    private readonly bool _elementNullable = !typeof(E).IsValueType;

    /// <param name="name">The column's name in the schema.</param>
    /// <param name="property">The record property the column reads and writes.</param>
    /// <param name="kind">How one element is stored.</param>
    /// <param name="vectorSize">-1: a plain list; 0: a vector of inferred size; &gt;0: declared size.</param>
    public ListColumn(string name, PropertyInfo property, ScalarKind<E> kind, int vectorSize) : base(name, property)
    {
        _kind = kind;
        _vectorSize = vectorSize;
        _get = Getter<TProp>(property);
    }

    public override bool IsNullable => true;

    public override int DeclaredVectorSize => _vectorSize;

    public override int InferVectorSize(IReadOnlyList<T> rows)
    {
        if (_vectorSize != 0) return _vectorSize;
        for (int i = 0; i < rows.Count; i++)
            if (_get(rows[i]) is { } v) return Items(v).Count;
        return 0;
    }

    private ArrowField ElementField => new("item", _kind.ArrowType, _elementNullable);

    // A vector whose size is neither declared nor seen (no rows, or all null) falls back to a plain list:
    // Arrow has no zero-length FixedSizeList, and readers accept either.
    public override ArrowField ArrowField(int vectorSize) =>
        new(Name, _vectorSize < 0 || vectorSize <= 0 ? new ListType(ElementField) : new FixedSizeListType(ElementField, vectorSize), true);

    public override IArrowArray ToArrow(IReadOnlyList<T> rows, int vectorSize)
    {
        int n = rows.Count;
        bool fixedSize = _vectorSize >= 0 && vectorSize > 0;
        var lists = new IReadOnlyList<E>?[n];
        int total = 0, nulls = 0;
        for (int i = 0; i < n; i++)
        {
            var value = _get(rows[i]);
            if (value is null)
            {
                nulls++;
                total += fixedSize ? vectorSize : 0;
                continue;
            }
            var items = lists[i] = Items(value);
            if (fixedSize && items.Count != vectorSize)
                throw new ArgumentException($"{Where}: row {i} has a vector of length {items.Count}, expected {vectorSize} " +
                    (_vectorSize > 0 ? "(declared by [Vector])" : "(taken from the first non-null row)"), nameof(rows));
            total += items.Count;
        }

        var flat = new E[total];
        var valid = new bool[total];
        var offsets = new int[n + 1];
        var validity = nulls > 0 ? new ArrowBuffer.BitmapBuilder(n) : null;
        int at = 0;
        for (int i = 0; i < n; i++)
        {
            var items = lists[i];
            validity?.Append(items is not null);
            if (items is null) at += fixedSize ? vectorSize : 0;
            else
            {
                for (int j = 0; j < items.Count; j++, at++)
                {
                    flat[at] = items[j];
                    valid[at] = !_elementNullable || items[j] is not null;
                }
            }
            offsets[i + 1] = at;
        }
        if (fixedSize && nulls > 0) valid.AsSpan().Fill(true);
        var values = _kind.Build(flat, valid);
        var bitmap = validity?.Build() ?? ArrowBuffer.Empty;
        if (fixedSize) return new FixedSizeListArray(ArrowField(vectorSize).DataType, n, values, bitmap, nulls);
        var offsetBuffer = new ArrowBuffer.Builder<int>(n + 1).Append(offsets).Build();
        return new ListArray(ArrowField(0).DataType, n, offsetBuffer, values, bitmap, nulls);
    }

    public override Array FromArrow(IArrowArray array)
    {
        var result = new TProp?[array.Length];
        E[] flat;
        try
        {
            switch (array)
            {
                case ListArray list:
                    flat = _kind.Read(list.Values);
                    var offsets = list.ValueOffsets;
                    for (int i = 0; i < result.Length; i++)
                        if (!list.IsNull(i)) result[i] = Make(flat.AsSpan(offsets[i], offsets[i + 1] - offsets[i]));
                    break;
                case FixedSizeListArray fixedList:
                    int size = ((FixedSizeListType)fixedList.Data.DataType).ListSize;
                    flat = _kind.Read(fixedList.Values);
                    for (int i = 0; i < result.Length; i++)
                        if (!fixedList.IsNull(i)) result[i] = Make(flat.AsSpan((fixedList.Offset + i) * size, size));
                    break;
                default:
                    throw ScalarKinds.Mismatch(array, typeof(TProp));
            }
        }
        catch (InvalidDataException e)
        {
            throw Bad(e.Message, e);
        }
        return result;
    }

    public override Array Defaults(int length) => new TProp?[length];

    public override ParquetField ParquetField => new ListField(Name, _kind.ParquetField(ListField.ElementName, _elementNullable));

    public override long Estimate(T row)
    {
        var value = _get(row);
        if (value is null) return 1;
        var items = Items(value);
        long sum = 4;
        for (int i = 0; i < items.Count; i++) sum += items[i] is { } item ? _kind.Estimate(item) : 1;
        return sum;
    }

    // Levels of the leaf of a three-level list, counted down from its maximum definition level L:
    // value L, null element L-1 (nullable elements only), empty list below that, null list below that.
    private (int Value, int NullElement, int Empty, int NullList) Levels(DataField leaf)
    {
        int max = leaf.MaxDefinitionLevel;
        int empty = _elementNullable ? max - 2 : max - 1;
        return (max, max - 1, empty, empty - 1);
    }

    public override Task WriteParquet(ParquetRowGroupWriter writer, DataField leaf, IReadOnlyList<T> rows, CancellationToken ct)
    {
        var levels = Levels(leaf);
        var definitions = new List<int>(rows.Count);
        var repetitions = new List<int>(rows.Count);
        var dense = new List<E>(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var value = _get(rows[i]);
            var items = value is null ? null : Items(value);
            if (items is null || items.Count == 0)
            {
                definitions.Add(items is null ? levels.NullList : levels.Empty);
                repetitions.Add(0);
                continue;
            }
            for (int j = 0; j < items.Count; j++)
            {
                repetitions.Add(j == 0 ? 0 : 1);
                if (items[j] is { } item)
                {
                    definitions.Add(levels.Value);
                    dense.Add(item);
                }
                else definitions.Add(levels.NullElement);
            }
        }
        return _kind.WriteParquet(writer, leaf, dense.ToArray(), definitions.ToArray(), repetitions.ToArray(), ct);
    }

    public override string? ParquetMismatch(DataField leaf) =>
        leaf.MaxRepetitionLevel != 1 ? $"is {Describe(leaf)} in the file, not the single-level list {Where} needs"
        : _kind.ReadsParquet(leaf.ClrType) ? null
        : $"is {Describe(leaf)} in the file, which does not read as {Where} ({Friendly(typeof(TProp))})";

    public override async Task<Array> ReadParquet(ParquetRowGroupReader reader, DataField leaf, int rowCount, CancellationToken ct)
    {
        if (leaf.MaxRepetitionLevel != 1) throw Bad("is not a single-level list column in the file");
        E[] dense;
        int[] definitions, repetitions;
        try
        {
            (dense, definitions, repetitions) = await _kind.ReadParquet(reader, leaf, ct);
        }
        catch (InvalidDataException e)
        {
            throw Bad(e.Message, e);
        }
        var levels = Levels(leaf);
        var result = new TProp?[rowCount];
        var current = new List<E>();
        int row = -1, next = 0;
        bool isNull = false;
        for (int k = 0; k <= definitions.Length; k++)
        {
            if (k == definitions.Length || repetitions[k] == 0)
            {
                if (row >= 0 && !isNull) result[row] = Make(current.ToArray());
                if (k == definitions.Length) break;
                row++;
                if (row >= rowCount) throw Bad($"has more rows than the row group's {rowCount}");
                current.Clear();
                isNull = definitions[k] <= levels.NullList;
                if (definitions[k] <= levels.Empty) continue;
            }
            if (definitions[k] == levels.Value) current.Add(dense[next++]);
            else current.Add(default!);
        }
        return result;
    }

    private static IReadOnlyList<E> Items(TProp value) => value as IReadOnlyList<E> ?? value.ToArray();

    private static TProp Make(ReadOnlySpan<E> items)
    {
        var array = items.ToArray();
        return array is TProp asArray ? asArray : (TProp)(object)new List<E>(array);
    }
}
