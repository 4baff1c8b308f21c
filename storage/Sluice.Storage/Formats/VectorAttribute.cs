namespace Sluice.Storage.Formats;

/// <summary>
/// Marks a <c>float[]</c> or <c>Half[]</c> property (or positional record parameter) as a fixed-size embedding,
/// stored as an Arrow <c>FixedSizeList</c>. Without <see cref="Size"/> the size is taken from the first non-null
/// row written; every row must then match.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class VectorAttribute : Attribute
{
    /// <summary>Declares no size: it is inferred from the data.</summary>
    public VectorAttribute() { }

    /// <summary>Declares the vector length.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public VectorAttribute(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Size = size;
    }

    /// <summary>The declared length; 0 (the default) means inferred from the first non-null row.</summary>
    public int Size { get; }
}
