namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// What an operator that may reject returns for one record: a value, or the reason the record is rejected. The
/// engine's <see cref="Flow{T}.MapOrReject{TOut}"/>, <see cref="Flow{T}.MapBatchOrReject{TOut}"/> and
/// <see cref="MapResultVerbs.Unwrap{T}"/> pass values on and turn reasons into rejects (counted, written to
/// <c>_rejects/</c> with the operator, work unit and position; under <c>--strict</c> the first one stops the run).
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public readonly record struct MapResult<T>
{
    private MapResult(T? value, string? reason, object? rejected)
    {
        Value = value;
        Reason = reason;
        Rejected = rejected;
    }

    /// <summary>The value; <c>default</c> for a reject.</summary>
    public T? Value { get; }

    /// <summary>Why the record is rejected; <c>null</c> for a value.</summary>
    public string? Reason { get; }

    /// <summary>
    /// The record the rejects file keeps for a reject; default <c>null</c>: the operator's input record (what
    /// <see cref="Flow{T}.MapOrReject{TOut}"/> and <see cref="Flow{T}.MapBatchOrReject{TOut}"/> were given). Set it where
    /// the engine cannot know the input, e.g. from a stateful operator's accumulator.
    /// </summary>
    public object? Rejected { get; }

    /// <summary>Whether this is a reject.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRejected => Reason is not null;

    /// <summary>A value.</summary>
    public static MapResult<T> Ok(T value) => new(value, null, null);

    /// <summary>A reject with its reason, and optionally the record to keep in the rejects file (default: the input).</summary>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null or blank: every reject carries a reason.</exception>
    public static MapResult<T> Reject(string reason, object? rejected = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(default, reason, rejected);
    }

    /// <summary>A value: lets a mapping <c>return value;</c>.</summary>
    public static implicit operator MapResult<T>(T value) => Ok(value);
}
