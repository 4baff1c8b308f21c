namespace Sluice.Pipelines.Contracts;

/// <summary>
/// What a source yields for one input position: a record, or the reason it could not become one.
/// </summary>
/// <param name="Record">The record, when <paramref name="Error"/> is null.</param>
/// <param name="Position">Line (1-based) for text formats, row index for columnar ones.</param>
/// <param name="Error">Why the input at this position was rejected (malformed JSON, invalid UTF-8, …).</param>
/// <param name="Fatal">True when the rest of the unit cannot be read (a corrupt compressed stream).</param>
public readonly record struct SourceItem<T>(T? Record, long Position, string? Error = null, bool Fatal = false);
