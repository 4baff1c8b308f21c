using System.Linq.Expressions;
using System.Reflection;
using Apache.Arrow;
using Array = System.Array;
using Apache.Arrow.Types;
using Sluice.Storage.Formats.Internal;

namespace Sluice.Storage.Formats;

/// <summary>
/// The mapping of record type <typeparamref name="T"/> to Arrow and Parquet columns, built once by reflection.
/// Columns are the public readable properties that can be set back: constructor parameters matched by name
/// (positional records), or properties with a public <c>set</c>/<c>init</c>. Column names come from
/// <see cref="SluiceJson.ColumnName"/>.
/// </summary>
/// <remarks>
/// Supported property types: <c>string</c>, <c>bool</c>, <c>int</c>, <c>long</c>, <c>float</c>, <c>double</c>,
/// <c>Half</c>, <c>byte[]</c> (binary), <c>DateTime</c>/<c>DateTimeOffset</c> (timestamp µs UTC; unspecified
/// kinds are taken as UTC), <c>Nullable&lt;&gt;</c> of those value types, and arrays, <c>List&lt;&gt;</c>,
/// <c>IReadOnlyList&lt;&gt;</c> or <c>IList&lt;&gt;</c> of the non-binary element types (Arrow List). A <c>float[]</c> or
/// <c>Half[]</c> marked <see cref="VectorAttribute"/> is a FixedSizeList. Every reference-typed column is nullable.
/// </remarks>
public sealed class RecordSchema<T>
{
    private static readonly Lazy<RecordSchema<T>> s_instance = new(() => new RecordSchema<T>());
    private readonly RecordColumn<T>[] _columns;
    private readonly Func<Array[], int, T> _factory;

    private RecordSchema()
    {
        var type = typeof(T);
        if (type.IsAbstract || type.IsInterface || type.IsPrimitive || type == typeof(string))
            throw new NotSupportedException($"{type.Name} is not a record type with properties");
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod!.IsPublic)
            .ToArray();
        var ctor = ChooseConstructor(type, properties);
        var parameters = ctor?.GetParameters() ?? [];
        var columns = new List<RecordColumn<T>>();
        foreach (var property in properties)
        {
            var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            if (parameter is null && property.SetMethod is not { IsPublic: true }) continue;
            var vector = property.GetCustomAttribute<VectorAttribute>() ?? parameter?.GetCustomAttribute<VectorAttribute>();
            columns.Add(CreateColumn(property, vector));
        }
        if (columns.Count == 0) throw new NotSupportedException($"{type.Name} has no settable public properties to map to columns");
        _columns = columns.ToArray();
        ColumnNames = columns.Select(c => c.Name).ToArray();
        _factory = CompileFactory(ctor, parameters);
        ParquetSchema = new Parquet.Schema.ParquetSchema(_columns.Select(c => c.ParquetField));
    }

    /// <summary>The mapping of <typeparamref name="T"/>, built on first use.</summary>
    /// <exception cref="NotSupportedException">A property's type is not supported (the message names
    /// <typeparamref name="T"/> and the property), or <typeparamref name="T"/> has no usable constructor.</exception>
    public static RecordSchema<T> Instance => s_instance.Value;

    /// <summary>The record type.</summary>
    public Type ClrType => typeof(T);

    /// <summary>Column names in property declaration order.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The Parquet schema (vectors become lists of float).</summary>
    public Parquet.Schema.ParquetSchema ParquetSchema { get; }

    internal IReadOnlyList<RecordColumn<T>> Columns => _columns;

    /// <summary>
    /// The Arrow schema. Vector sizes are the declared ones, else taken from the first non-null row of
    /// <paramref name="rows"/>, else 0.
    /// </summary>
    /// <param name="rows">Rows to infer vector sizes from; optional.</param>
    /// <param name="metadata">Schema-level key/value metadata; optional.</param>
    public Schema ArrowSchema(IReadOnlyList<T>? rows = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var builder = new Schema.Builder();
        foreach (var column in _columns) builder.Field(column.ArrowField(rows is null ? Math.Max(0, column.DeclaredVectorSize) : column.InferVectorSize(rows)));
        if (metadata is not null) foreach (var (key, value) in metadata) builder.Metadata(key, value);
        return builder.Build();
    }

    /// <summary>
    /// Copies <paramref name="rows"/> into one record batch. With <paramref name="schema"/> (from
    /// <see cref="ArrowSchema"/>) vector sizes are taken from it, otherwise inferred from the rows.
    /// </summary>
    /// <exception cref="ArgumentException">A vector's length differs from the schema's (the message names the row
    /// and property).</exception>
    public RecordBatch ToRecordBatch(IReadOnlyList<T> rows, Schema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        schema ??= ArrowSchema(rows);
        var arrays = new IArrowArray[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
        {
            var size = schema.FieldsList[i].DataType is FixedSizeListType f ? f.ListSize : 0;
            arrays[i] = _columns[i].ToArrow(rows, size);
        }
        return new RecordBatch(schema, arrays, rows.Count);
    }

    /// <summary>
    /// Reads the rows of <paramref name="batch"/>; columns are matched by name (exact, then ignoring case), extra
    /// columns are ignored, missing nullable columns read as null/default.
    /// </summary>
    /// <exception cref="InvalidDataException">A non-nullable column is missing, holds an incompatible type, or holds
    /// a null; the message names the column.</exception>
    public IReadOnlyList<T> FromRecordBatch(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int n = batch.Length;
        var arrays = new Array[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            int index = FindField(batch.Schema, column.Name);
            arrays[i] = index >= 0 ? column.FromArrow(batch.Column(index))
                : column.IsNullable ? column.Defaults(n)
                : throw new InvalidDataException($"column '{column.Name}' ({typeof(T).Name}.{column.Property.Name}) is missing and is not nullable");
        }
        return Materialize(arrays, n);
    }

    /// <summary>
    /// Why a file with Parquet leaves <paramref name="leaves"/> (its footer) cannot be read as <typeparamref name="T"/>,
    /// judged before any row is read: none of the record's columns is in the file, a non-nullable column is missing,
    /// or a column's type does not read as its property. Null when it can.
    /// </summary>
    public string? ParquetMismatch(IReadOnlyList<Parquet.Schema.DataField> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var names = leaves.Select(l => l.Path.ToList()[0]).Distinct().ToArray();
        return Mismatch(names, (column, name) =>
        {
            var leaf = leaves.First(l => l.Path.ToList()[0] == name);
            return column.ParquetMismatch(leaf);
        });
    }

    /// <summary>Why Arrow data of <paramref name="schema"/> cannot be read as <typeparamref name="T"/>, judged from the
    /// schema alone (see <see cref="ParquetMismatch"/>). Null when it can.</summary>
    public string? ArrowMismatch(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Mismatch(schema.FieldsList.Select(f => f.Name).ToArray(), (column, name) =>
        {
            var field = schema.GetFieldByName(name);
            IArrowArray empty;
            try
            {
                empty = Rows.ArrowValueWriter.Build(field.DataType, [], name);
            }
            catch (Exception e) when (e is NotSupportedException or InvalidDataException)
            {
                return null; // a type rows cannot build: the read itself says what is wrong with it
            }
            try
            {
                column.FromArrow(empty);
                return null;
            }
            catch (InvalidDataException e)
            {
                return e.Message;
            }
        });
    }

    private string? Mismatch(string[] fileColumns, Func<RecordColumn<T>, string, string?> check)
    {
        var found = 0;
        foreach (var column in _columns)
        {
            var name = fileColumns.FirstOrDefault(n => n == column.Name)
                ?? fileColumns.FirstOrDefault(n => string.Equals(n, column.Name, StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                if (!column.IsNullable) return $"column '{column.Name}' ({typeof(T).Name}.{column.Property.Name}) is missing and is not nullable";
                continue;
            }
            found++;
            if (check(column, name) is { } why) return why.StartsWith("column '", StringComparison.Ordinal) ? why : $"column '{name}' {why}";
        }
        if (found == 0)
        {
            var has = fileColumns.Length == 0 ? "none" : string.Join(", ", fileColumns.Take(20)) + (fileColumns.Length > 20 ? ", …" : "");
            return $"none of {typeof(T).Name}'s columns ({string.Join(", ", ColumnNames)}) is in the file (it has: {has}); read it as Row to see it as it is";
        }
        return null;
    }

    internal T[] Materialize(Array[] arrays, int n)
    {
        var rows = new T[n];
        for (int i = 0; i < n; i++) rows[i] = _factory(arrays, i);
        return rows;
    }

    private static int FindField(Schema schema, string name)
    {
        var fields = schema.FieldsList;
        for (int i = 0; i < fields.Count; i++) if (fields[i].Name == name) return i;
        for (int i = 0; i < fields.Count; i++) if (string.Equals(fields[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static ConstructorInfo? ChooseConstructor(Type type, PropertyInfo[] properties)
    {
        foreach (var ctor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            if (ctor.GetParameters().All(p => properties.Any(q =>
                    string.Equals(q.Name, p.Name, StringComparison.OrdinalIgnoreCase) && p.ParameterType.IsAssignableFrom(q.PropertyType))))
                return ctor;
        }
        if (type.IsValueType) return null;
        throw new NotSupportedException($"{type.Name} needs a public parameterless constructor or one whose parameters all match properties by name");
    }

    private static RecordColumn<T> CreateColumn(PropertyInfo property, VectorAttribute? vector)
    {
        var name = SluiceJson.ColumnName(property.Name);
        var type = property.PropertyType;
        string Unsupported(string why) => $"{typeof(T).Name}.{property.Name}: {why}";

        if (vector is not null)
        {
            if (type != typeof(float[]) && type != typeof(Half[]))
                throw new NotSupportedException(Unsupported($"[Vector] needs float[] or Half[], not {type.Name}"));
            return List(type, type.GetElementType()!, vector.Size);
        }
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (ScalarKinds.For(underlying) is { } kind)
        {
            var columnType = typeof(ScalarColumn<,,>).MakeGenericType(typeof(T), type, underlying);
            return (RecordColumn<T>)Activator.CreateInstance(columnType, name, property, kind)!;
        }
        var element = type.IsArray && type.GetArrayRank() == 1 ? type.GetElementType()
            : type.IsGenericType && IsListShape(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0]
            : null;
        if (element is null)
            throw new NotSupportedException(Unsupported($"type {type} is not supported (see RecordSchema<T> for the supported types)"));
        if (element == typeof(byte[]) || Nullable.GetUnderlyingType(element) is not null || ScalarKinds.For(element) is null)
            throw new NotSupportedException(Unsupported($"lists of {element} are not supported"));
        return List(type, element, -1);

        RecordColumn<T> List(Type listType, Type elementType, int size)
        {
            var columnType = typeof(ListColumn<,,>).MakeGenericType(typeof(T), listType, elementType);
            return (RecordColumn<T>)Activator.CreateInstance(columnType, name, property, ScalarKinds.For(elementType), size)!;
        }
    }

    private static bool IsListShape(Type definition) =>
        definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>);

    private Func<Array[], int, T> CompileFactory(ConstructorInfo? ctor, ParameterInfo[] parameters)
    {
        var arrays = Expression.Parameter(typeof(Array[]), "columns");
        var row = Expression.Parameter(typeof(int), "row");
        Expression ValueOf(int k) => Expression.ArrayIndex(
            Expression.Convert(Expression.ArrayIndex(arrays, Expression.Constant(k)), _columns[k].Property.PropertyType.MakeArrayType()), row);
        int IndexOf(string name) => Array.FindIndex(_columns, c => string.Equals(c.Property.Name, name, StringComparison.OrdinalIgnoreCase));

        var args = parameters.Select(p => IndexOf(p.Name!) is var k and >= 0
            ? (Expression)Expression.Convert(ValueOf(k), p.ParameterType)
            : Expression.Default(p.ParameterType)).ToArray();
        var create = ctor is null ? Expression.New(typeof(T)) : Expression.New(ctor, args);
        var bindings = new List<MemberBinding>();
        for (int k = 0; k < _columns.Length; k++)
        {
            var property = _columns[k].Property;
            if (parameters.Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase))) continue;
            bindings.Add(Expression.Bind(property, ValueOf(k)));
        }
        var body = Expression.MemberInit(create, bindings);
        return Expression.Lambda<Func<Array[], int, T>>(body, arrays, row).Compile();
    }
}
