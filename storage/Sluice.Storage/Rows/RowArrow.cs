using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sluice.Storage.Rows;

/// <summary>
/// Rows to and from Arrow record batches: every Arrow type a row can hold (see <see cref="Row"/>), nested lists,
/// structs and maps included. Reading keeps each column's type in the rows' schema so a write gives the same types
/// back, except that storage variants are written in their plain form: dictionary-encoded columns as their values,
/// large and view strings, binaries and lists as utf8, binary and list. Every column is written nullable.
/// </summary>
public static class RowArrow
{
    /// <summary>The rows of <paramref name="batch"/>; they share one schema.</summary>
    /// <exception cref="InvalidDataException">A column has a type rows cannot hold (unions, intervals), or a decimal
    /// does not fit .NET's <c>decimal</c>; the message names the column (and row).</exception>
    public static Row[] FromRecordBatch(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var fields = batch.Schema.FieldsList;
        var readers = new ArrowValueReader[fields.Count];
        for (int c = 0; c < readers.Length; c++) readers[c] = ArrowValueReader.For(batch.Column(c), fields[c].Name);
        var schema = new RowSchema(fields.Select(f => f.Name).ToArray(), readers.Select(r => r.Type).ToArray());
        var rows = new Row[batch.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            var values = new object?[readers.Length];
            for (int c = 0; c < values.Length; c++) values[c] = readers[c].Read(i);
            rows[i] = new Row(schema, values);
        }
        return rows;
    }

    /// <summary>
    /// The Arrow schema that holds every row of <paramref name="rows"/>: their columns in first-seen order, each of
    /// the type its values combine to (<see cref="RowTypes.Merge"/>), starting from <paramref name="start"/>'s
    /// columns when given.
    /// </summary>
    public static Schema SchemaOf(IReadOnlyList<Row> rows, Schema? start = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var names = new List<string>();
        var types = new Dictionary<string, IArrowType>(StringComparer.Ordinal);
        if (start is not null)
        {
            foreach (var field in start.FieldsList)
            {
                names.Add(field.Name);
                types[field.Name] = field.DataType;
            }
        }
        RowSchema? seen = null;
        foreach (var row in rows)
        {
            // Rows of one source batch share their schema: when its types are all known, one pass covers them all.
            if (ReferenceEquals(row.Schema, seen)) continue;
            bool typed = row.Schema.Types.All(t => t is not null);
            for (int i = 0; i < row.Count; i++)
            {
                var name = row.Schema.Names[i];
                var type = row.Schema.Types[i] ?? RowTypes.Infer(row.ValueAt(i));
                if (types.TryGetValue(name, out var known)) types[name] = RowTypes.Merge(known, type);
                else
                {
                    names.Add(name);
                    types[name] = type;
                }
            }
            if (typed) seen = row.Schema;
        }
        var builder = new Schema.Builder();
        foreach (var name in names) builder.Field(new Field(name, types[name], true));
        if (metadata is not null) foreach (var (key, value) in metadata) builder.Metadata(key, value);
        else if (start?.Metadata is { } kept) foreach (var (key, value) in kept) builder.Metadata(key, value);
        return builder.Build();
    }

    /// <summary>True when every row of <paramref name="rows"/> can be written with <paramref name="schema"/> as it
    /// is: no new column and no value that needs a wider type.</summary>
    public static bool Fits(Schema schema, IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var merged = SchemaOf(rows, schema);
        if (merged.FieldsList.Count != schema.FieldsList.Count) return false;
        for (int i = 0; i < merged.FieldsList.Count; i++)
            if (!RowTypes.SameType(merged.FieldsList[i].DataType, schema.FieldsList[i].DataType)) return false;
        return true;
    }

    /// <summary>One record batch of <paramref name="rows"/> with <paramref name="schema"/> (default:
    /// <see cref="SchemaOf"/>); a column a row lacks is null there.</summary>
    /// <exception cref="InvalidDataException">A value does not fit its column's type (the message names the column
    /// and row), or a row has a column the schema lacks.</exception>
    public static RecordBatch ToRecordBatch(IReadOnlyList<Row> rows, Schema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        schema ??= SchemaOf(rows);
        foreach (var row in rows)
            foreach (var name in row.Schema.Names)
                if (schema.GetFieldIndex(name) < 0) throw new InvalidDataException($"column '{name}' is not in the schema being written ({schema.FieldsList.Count} columns)");
        var arrays = new IArrowArray[schema.FieldsList.Count];
        for (int c = 0; c < arrays.Length; c++)
        {
            var field = schema.FieldsList[c];
            var values = new object?[rows.Count];
            for (int i = 0; i < values.Length; i++) values[i] = rows[i].TryGetValue(field.Name, out var v) ? v : null;
            arrays[c] = ArrowValueWriter.Build(field.DataType, values, field.Name);
        }
        return new RecordBatch(schema, arrays, rows.Count);
    }
}
