namespace Sluice.Operators.Drama;

/// <summary>A batch operator's per-record result: a value, or the reason the record is rejected.</summary>
internal sealed record Outcome<T>(T? Value, string? Reason) where T : class
{
    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Reject(string reason) => new(null, reason);
}
