using System.Linq.Expressions;
using System.Reflection;
using Apache.Arrow;
using Array = System.Array;
using Parquet;
using ParquetField = Parquet.Schema.Field;
using ParquetDataField = Parquet.Schema.DataField;

namespace Sluice.Storage.Formats.Internal;

/// <summary>One property of <typeparamref name="T"/> mapped to one column. Read results are typed arrays
/// (<c>TProp[]</c>) that the compiled record factory indexes.</summary>
internal abstract class RecordColumn<T>(string name, PropertyInfo property)
{
    public string Name { get; } = name;

    public PropertyInfo Property { get; } = property;

    /// <summary>Whether the column may hold nulls (references and <see cref="Nullable{T}"/>).</summary>
    public abstract bool IsNullable { get; }

    /// <summary>Declared vector size, 0 when inferred; -1 for columns that are not vectors.</summary>
    public virtual int DeclaredVectorSize => -1;

    /// <summary>The vector size for <paramref name="rows"/>: declared, else the first non-null row's, else 0.</summary>
    public virtual int InferVectorSize(IReadOnlyList<T> rows) => -1;

    public abstract Apache.Arrow.Field ArrowField(int vectorSize);

    public abstract IArrowArray ToArrow(IReadOnlyList<T> rows, int vectorSize);

    public abstract Array FromArrow(IArrowArray array);

    /// <summary>A column of defaults, for a nullable column the input lacks.</summary>
    public abstract Array Defaults(int length);

    public abstract ParquetField ParquetField { get; }

    public abstract long Estimate(T row);

    public abstract Task WriteParquet(ParquetRowGroupWriter writer, ParquetDataField leaf, IReadOnlyList<T> rows, CancellationToken ct);

    public abstract Task<Array> ReadParquet(ParquetRowGroupReader reader, ParquetDataField leaf, int rowCount, CancellationToken ct);

    /// <summary>Why <see cref="ReadParquet"/> would refuse <paramref name="leaf"/>, judged from the footer alone; null
    /// when it fits.</summary>
    public abstract string? ParquetMismatch(ParquetDataField leaf);

    /// <summary>The Parquet.Net type of a leaf as people read it: string, int32, list of double.</summary>
    protected static string Describe(ParquetDataField leaf)
    {
        var clr = Nullable.GetUnderlyingType(leaf.ClrType) ?? leaf.ClrType;
        var name = clr == typeof(string) || clr == typeof(ReadOnlyMemory<char>) ? "string"
            : clr == typeof(byte[]) || clr == typeof(ReadOnlyMemory<byte>) ? "binary"
            : clr.Name.ToLowerInvariant();
        return leaf.MaxRepetitionLevel > 0 ? $"a list of {name}" : name;
    }

    protected string Where => $"{typeof(T).Name}.{Property.Name}";

    /// <summary>A C# type as people write it: <c>long?</c>, <c>List&lt;string&gt;</c>.</summary>
    protected static string Friendly(Type type) => Nullable.GetUnderlyingType(type) is { } u ? Friendly(u) + "?"
        : type.IsArray ? Friendly(type.GetElementType()!) + "[]"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Friendly))}>"
        : s_keywords.GetValueOrDefault(type, type.Name);

    private static readonly Dictionary<Type, string> s_keywords = new()
    {
        [typeof(string)] = "string", [typeof(bool)] = "bool", [typeof(int)] = "int", [typeof(long)] = "long",
        [typeof(float)] = "float", [typeof(double)] = "double", [typeof(byte)] = "byte", [typeof(short)] = "short",
    };

    protected static Func<T, TProp> Getter<TProp>(PropertyInfo property)
    {
        var p = Expression.Parameter(typeof(T), "row");
        return Expression.Lambda<Func<T, TProp>>(Expression.Property(p, property), p).Compile();
    }

    protected InvalidDataException Bad(string what, Exception? inner = null) =>
        new($"column '{Name}' ({Where}) {what}", inner);
}
