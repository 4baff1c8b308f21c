using Apache.Arrow.Types;

namespace Sluice.Storage.Rows;

/// <summary>
/// The columns of a <see cref="Row"/>: names in order and, where known, each column's Arrow type. Rows read from
/// Arrow or Parquet carry the file's types, so writing them back keeps every type (an int16 stays int16); rows read
/// from JSON or built in code carry no types (null), and writers infer them from the values (see
/// <see cref="RowTypes"/>). Rows of one batch share one schema object, which keeps a row small.
/// </summary>
public sealed class RowSchema : IEquatable<RowSchema>
{
    // Below this many columns a linear scan beats hashing.
    private const int IndexFrom = 12;
    private readonly string[] _names;
    private readonly IArrowType?[] _types;
    private readonly Dictionary<string, int>? _index;

    /// <summary>A schema of <paramref name="names"/> with optional <paramref name="types"/> (same length).</summary>
    /// <exception cref="ArgumentException">A name is empty or given twice, or the lengths differ.</exception>
    public RowSchema(IReadOnlyList<string> names, IReadOnlyList<IArrowType?>? types = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (types is not null && types.Count != names.Count)
            throw new ArgumentException($"{names.Count} names but {types.Count} types", nameof(types));
        _names = names.ToArray();
        _types = types?.ToArray() ?? new IArrowType?[_names.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in _names)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("a column name is empty", nameof(names));
            if (!seen.Add(name)) throw new ArgumentException($"column '{name}' is given twice", nameof(names));
        }
        if (_names.Length >= IndexFrom) _index = Enumerable.Range(0, _names.Length).ToDictionary(i => _names[i], StringComparer.Ordinal);
    }

    /// <summary>The schema of no columns.</summary>
    public static RowSchema Empty { get; } = new([]);

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Column types in order; null where the type is not known and is inferred from values on write.</summary>
    public IReadOnlyList<IArrowType?> Types => _types;

    /// <summary>Number of columns.</summary>
    public int Count => _names.Length;

    /// <summary>The position of <paramref name="name"/> (exact, case-sensitive), or −1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_index is not null) return _index.TryGetValue(name, out var i) ? i : -1;
        for (int i = 0; i < _names.Length; i++)
            if (string.Equals(_names[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>True when both have the same names in the same order and the same types.</summary>
    public bool Equals(RowSchema? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._names.Length != _names.Length) return false;
        for (int i = 0; i < _names.Length; i++)
        {
            if (!string.Equals(_names[i], other._names[i], StringComparison.Ordinal)) return false;
            if (!RowTypes.SameType(_types[i], other._types[i])) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RowSchema);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var name in _names) hash.Add(name, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <summary>The columns as <c>name: type</c>, comma-separated.</summary>
    public override string ToString() =>
        string.Join(", ", _names.Select((n, i) => $"{n}: {(_types[i] is { } t ? RowTypes.Describe(t) : "?")}"));

    internal bool SameNames(ReadOnlySpan<string> names)
    {
        if (names.Length != _names.Length) return false;
        for (int i = 0; i < names.Length; i++)
            if (!string.Equals(names[i], _names[i], StringComparison.Ordinal)) return false;
        return true;
    }
}
