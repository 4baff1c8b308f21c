namespace Sluice.Operators.Images.Imaging;

/// <summary>
/// A record, or why it was rejected: what an operator that can reject returns from a <c>Map</c> or <c>MapBatch</c>,
/// before a <c>Filter</c> turns the reason into a reject and unwraps the value.
/// </summary>
/// <param name="Value">The result; null when rejected.</param>
/// <param name="Reason">Why it was rejected; null when it passed.</param>
/// <param name="Uuid">The input's id, kept in the reject record.</param>
/// <param name="Source">The input's source, kept in the reject record.</param>
public sealed record Checked<T>(T? Value, string? Reason, string Uuid, string Source) where T : class
{
    /// <summary>A passing result.</summary>
    public static Checked<T> Pass(T value, string uuid, string source) => new(value, null, uuid, source);

    /// <summary>A reject with its reason.</summary>
    public static Checked<T> Reject(string reason, string uuid, string source) => new(null, reason, uuid, source);
}
