using Apache.Arrow;
using Apache.Arrow.Types;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Sluice.Storage.Formats.Internal;

/// <summary>How one non-null element type maps to Arrow and Parquet. Null handling lives in the columns.</summary>
internal abstract class ScalarKind<E>
{
    public abstract IArrowType ArrowType { get; }

    /// <summary>Rough encoded size of a value, for row group sizing.</summary>
    public abstract int Estimate(E value);

    /// <summary>An Arrow array of <paramref name="values"/>, null where <paramref name="valid"/> is false.</summary>
    public abstract IArrowArray Build(ReadOnlySpan<E> values, ReadOnlySpan<bool> valid);

    /// <summary>Every element of <paramref name="array"/>; nulls come back as default.</summary>
    /// <exception cref="InvalidDataException">The array's type does not match.</exception>
    public abstract E[] Read(IArrowArray array);

    public abstract DataField ParquetField(string name, bool nullable);

    /// <summary>True when a Parquet leaf of CLR type <paramref name="clr"/> (as Parquet.Net's footer reports it) reads
    /// as this kind.</summary>
    public abstract bool ReadsParquet(Type clr);

    public abstract Task WriteParquet(ParquetRowGroupWriter writer, DataField field, ReadOnlyMemory<E> dense, int[]? definitions, int[]? repetitions, CancellationToken ct);

    /// <summary>The dense (non-null) values and the levels of a column chunk.</summary>
    public abstract Task<(E[] Dense, int[] Definitions, int[] Repetitions)> ReadParquet(ParquetRowGroupReader reader, DataField field, CancellationToken ct);
}

/// <summary>A kind stored in Parquet as physical CLR type <typeparamref name="P"/>.</summary>
internal abstract class ScalarKind<E, P> : ScalarKind<E> where P : struct
{
    protected abstract P ToParquet(E value);

    protected abstract E FromParquet(P value);

    public override DataField ParquetField(string name, bool nullable) => new(name, typeof(P), nullable);

    // Parquet.Net reports strings and binary by their element type in the footer and by memory in raw column data.
    public override bool ReadsParquet(Type clr)
    {
        clr = Nullable.GetUnderlyingType(clr) ?? clr;
        return clr == typeof(P)
            || (typeof(P) == typeof(ReadOnlyMemory<char>) && clr == typeof(string))
            || (typeof(P) == typeof(ReadOnlyMemory<byte>) && clr == typeof(byte[]));
    }

    public override Task WriteParquet(ParquetRowGroupWriter writer, DataField field, ReadOnlyMemory<E> dense, int[]? definitions, int[]? repetitions, CancellationToken ct)
    {
        ReadOnlyMemory<P> values;
        if (typeof(E) == typeof(P)) values = (ReadOnlyMemory<P>)(object)dense;
        else
        {
            var converted = new P[dense.Length];
            var span = dense.Span;
            for (int i = 0; i < span.Length; i++) converted[i] = ToParquet(span[i]);
            values = converted;
        }
        // A null int[] converts to an empty, non-null ReadOnlyMemory, which Parquet.Net would read as "zero levels".
        ReadOnlyMemory<int>? defs = null, reps = null;
        if (definitions is not null) defs = definitions;
        if (repetitions is not null) reps = repetitions;
        return writer.WriteAllPartsAsync(field, values, defs, reps, ct);
    }

    public override async Task<(E[] Dense, int[] Definitions, int[] Repetitions)> ReadParquet(ParquetRowGroupReader reader, DataField field, CancellationToken ct)
    {
        using var raw = await reader.ReadRawColumnDataBaseAsync(field, ct);
        if (raw is not RawColumnData<P> typed)
            throw new InvalidDataException($"column '{field.Name}' holds {field.ClrType.Name}, expected {typeof(P).Name}");
        var definitions = field.MaxDefinitionLevel > 0 ? typed.DefinitionLevels.ToArray() : [];
        var repetitions = field.MaxRepetitionLevel > 0 ? typed.RepetitionLevels.ToArray() : [];
        int count = typed.Values.Length;
        if (field.MaxDefinitionLevel > 0) count = definitions.AsSpan().Count(field.MaxDefinitionLevel);
        var values = typed.Values[..count];
        var dense = new E[count];
        for (int i = 0; i < count; i++) dense[i] = FromParquet(values[i]);
        return (dense, definitions, repetitions);
    }
}
