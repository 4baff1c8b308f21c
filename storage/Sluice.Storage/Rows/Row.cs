using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Storage.Formats;

namespace Sluice.Storage.Rows;

/// <summary>
/// A record whose columns are known only at run time: the dynamic counterpart of a typed C# record, for data others
/// wrote. Every source and sink takes it where it takes a record type (<c>ReadParquet&lt;Row&gt;</c>,
/// <c>ReadArrow&lt;Row&gt;</c>, <c>ReadJsonl&lt;Row&gt;</c>, <c>WriteParquet</c>, <c>WriteArrow</c>, <c>WriteJsonl</c>);
/// it reads a file with the file's own schema and writes it back with the same types. A row is immutable:
/// <see cref="With"/> and <see cref="Without"/> return new rows, so a row shared by two branches never changes.
/// </summary>
/// <remarks>
/// <para>Values are plain .NET objects: <c>bool</c>; <c>sbyte</c>, <c>short</c>, <c>int</c>, <c>long</c> and their
/// unsigned forms (the Arrow/Parquet integer width); <c>Half</c>, <c>float</c>, <c>double</c>; <c>decimal</c>;
/// <c>string</c>; <c>byte[]</c>; <c>DateTimeOffset</c> (timestamps, in UTC; sub-100 ns digits are dropped);
/// <c>DateOnly</c>; <c>TimeOnly</c>; <c>TimeSpan</c> (durations); <see cref="IReadOnlyList{T}"/> of
/// <c>object?</c> (lists); a nested <see cref="Row"/> (structs and JSON objects); and
/// <see cref="IReadOnlyList{T}"/> of <see cref="KeyValuePair{TKey,TValue}"/> (maps). From JSON, a whole number that
/// fits is a <c>long</c>, any other number a <c>double</c>.</para>
/// <para>Missing is not null: <see cref="Has"/> is false for a column the row does not have; a column it has may
/// hold null. <see cref="Get{T}"/> throws on a missing column and returns null/default for a null.</para>
/// </remarks>
[JsonConverter(typeof(RowJsonConverter))]
public sealed class Row : IReadOnlyDictionary<string, object?>, IEquatable<Row>
{
    private readonly object?[] _values;

    /// <summary>A row of <paramref name="schema"/> holding <paramref name="values"/> (taken, not copied).</summary>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public Row(RowSchema schema, object?[] values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        if (schema.Count != values.Length) throw new ArgumentException($"{schema.Count} columns but {values.Length} values", nameof(values));
        Schema = schema;
        _values = values;
    }

    /// <summary>A row of the given columns, in order (types are inferred on write).</summary>
    /// <exception cref="ArgumentException">A name is empty or given twice.</exception>
    public static Row Of(params (string Column, object? Value)[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return new Row(new RowSchema(columns.Select(c => c.Column).ToArray()), columns.Select(c => c.Value).ToArray());
    }

    /// <summary>The row of a typed record: one column per mapped property, with the types a typed sink writes
    /// (see <see cref="RecordSchema{T}"/>).</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> cannot be mapped.</exception>
    public static Row From<T>(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var batch = RecordSchema<T>.Instance.ToRecordBatch([record]);
        return RowArrow.FromRecordBatch(batch)[0];
    }

    /// <summary>The columns: names and, where known, types.</summary>
    public RowSchema Schema { get; }

    /// <summary>Number of columns.</summary>
    public int Count => _values.Length;

    /// <summary>Column names in order.</summary>
    public IEnumerable<string> Keys => Schema.Names;

    /// <summary>Values in column order.</summary>
    public IEnumerable<object?> Values => _values;

    /// <summary>The value at column position <paramref name="index"/>.</summary>
    public object? ValueAt(int index) => _values[index];

    /// <summary>The value of <paramref name="column"/>; null when it holds null.</summary>
    /// <exception cref="KeyNotFoundException">The row has no such column; the message lists the columns it has.</exception>
    public object? this[string column] => _values[IndexOrThrow(column)];

    /// <summary>True when the row has <paramref name="column"/> (even if it holds null).</summary>
    public bool Has(string column) => Schema.IndexOf(column) >= 0;

    /// <summary>Same as <see cref="Has"/>.</summary>
    public bool ContainsKey(string key) => Has(key);

    /// <summary>True when the row has <paramref name="column"/> and it holds null.</summary>
    /// <exception cref="KeyNotFoundException">The row has no such column.</exception>
    public bool IsNull(string column) => this[column] is null;

    /// <summary>The value of <paramref name="column"/> converted to <typeparamref name="T"/> (see
    /// <see cref="RowValues.Convert{T}"/>); default (null) when it holds null.</summary>
    /// <exception cref="KeyNotFoundException">The row has no such column.</exception>
    /// <exception cref="InvalidCastException">The value cannot be converted; the message names the column.</exception>
    public T? Get<T>(string column)
    {
        var value = this[column];
        return value is null ? default : RowValues.Convert<T>(value, column);
    }

    /// <summary>The value of <paramref name="column"/> as <typeparamref name="T"/>, or <paramref name="fallback"/>
    /// when the column is missing or null.</summary>
    /// <exception cref="InvalidCastException">The value cannot be converted.</exception>
    public T GetOrDefault<T>(string column, T fallback)
    {
        int i = Schema.IndexOf(column);
        return i < 0 || _values[i] is null ? fallback : RowValues.Convert<T>(_values[i]!, column);
    }

    /// <summary>The raw value of <paramref name="key"/> when the row has it.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        int i = Schema.IndexOf(key);
        value = i < 0 ? null : _values[i];
        return i >= 0;
    }

    /// <summary>A row with <paramref name="column"/> set to <paramref name="value"/>: replaced in place (keeping the
    /// column's type when the value still fits it), or added at the end.</summary>
    public Row With(string column, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        int i = Schema.IndexOf(column);
        if (i < 0)
        {
            var names = Schema.Names.Append(column).ToArray();
            var types = Schema.Types.Append(null).ToArray();
            return new Row(new RowSchema(names, types), [.. _values, value]);
        }
        var values = (object?[])_values.Clone();
        values[i] = value;
        var type = Schema.Types[i];
        if (type is null || RowTypes.Fits(value, type)) return new Row(Schema, values);
        var retyped = Schema.Types.ToArray();
        retyped[i] = null;
        return new Row(new RowSchema(Schema.Names, retyped), values);
    }

    /// <summary>A row without <paramref name="columns"/>; names it does not have are ignored.</summary>
    public Row Without(params string[] columns) =>
        Keep(Enumerable.Range(0, Count).Where(i => !columns.Contains(Schema.Names[i], StringComparer.Ordinal)));

    /// <summary>A row of only <paramref name="columns"/>, in that order.</summary>
    /// <exception cref="KeyNotFoundException">The row lacks one of them.</exception>
    public Row Select(params string[] columns) => Keep(columns.Select(IndexOrThrow));

    /// <summary>
    /// The typed record this row maps to, by column name as a JSONL reader matches it (snake_case, case-insensitive),
    /// with JSON's coercions: numbers to any numeric property that holds them, strings in ISO 8601 to dates, base64
    /// strings and binary to <c>byte[]</c>, nested rows to nested records. Extra columns are ignored.
    /// </summary>
    /// <exception cref="InvalidCastException">A value does not fit its property, or a column
    /// <typeparamref name="T"/> does not allow to be null is null or missing; the message names it.</exception>
    public T As<T>()
    {
        try
        {
            var element = JsonSerializer.SerializeToElement(this, SluiceJson.Options);
            return element.Deserialize<T>(SluiceJson.RecordReadOptions)
                ?? throw new InvalidCastException($"the row reads as null {typeof(T).Name}");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or FormatException or ArgumentException)
        {
            throw new InvalidCastException($"row cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Column name and value pairs, in order.</summary>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < _values.Length; i++) yield return new(Schema.Names[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same column names in the same order and equal values (lists, binary and nested rows by content;
    /// column types are not compared).</summary>
    public bool Equals(Row? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Count != Count) return false;
        for (int i = 0; i < _values.Length; i++)
        {
            if (!string.Equals(Schema.Names[i], other.Schema.Names[i], StringComparison.Ordinal)) return false;
            if (!RowValues.DeepEquals(_values[i], other._values[i])) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Row);

    /// <inheritdoc />
    public override int GetHashCode() => Schema.GetHashCode();

    /// <summary>The row as one line of JSON.</summary>
    public override string ToString() => JsonSerializer.Serialize(this, SluiceJson.Options);

    private Row Keep(IEnumerable<int> indices)
    {
        var kept = indices.ToArray();
        var schema = new RowSchema(kept.Select(i => Schema.Names[i]).ToArray(), kept.Select(i => Schema.Types[i]).ToArray());
        return new Row(schema, kept.Select(i => _values[i]).ToArray());
    }

    private int IndexOrThrow(string column)
    {
        int i = Schema.IndexOf(column);
        if (i >= 0) return i;
        var columns = Count == 0 ? "none" : string.Join(", ", Schema.Names.Take(20)) + (Count > 20 ? $", … ({Count} in all)" : "");
        throw new KeyNotFoundException($"the row has no column '{column}' (it has: {columns})");
    }
}
