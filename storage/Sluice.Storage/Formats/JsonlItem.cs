namespace Sluice.Storage.Formats;

/// <summary>
/// One line of a JSONL read: a record, or a rejected line with the reason.
/// </summary>
/// <param name="Record">The parsed record; <c>default</c> when <paramref name="Error"/> is set.</param>
/// <param name="Line">1-based line number, counted from the first line the read yields a position for
/// (absolute within the file when the read starts at offset 0).</param>
/// <param name="Offset">Byte offset of the line's first byte in the decompressed file.</param>
/// <param name="Error">Why the line was rejected (never the line itself); null for a good record.</param>
/// <param name="Fatal">True on the last item of a read that failed at the stream level (corrupt or truncated
/// compressed data); the read ends after it.</param>
public readonly record struct JsonlItem<T>(T? Record, long Line, long Offset, string? Error, bool Fatal = false)
{
    /// <summary>True when the line parsed into <see cref="Record"/>.</summary>
    public bool IsOk => Error is null;
}
