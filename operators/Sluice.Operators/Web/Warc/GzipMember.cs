namespace Sluice.Operators.Web.Warc;

/// <summary>One gzip member of a file: where it starts and its inflated bytes, or why it could not be read.</summary>
/// <param name="Offset">Compressed offset of the member's first byte in the file.</param>
/// <param name="Data">The inflated bytes; null with <paramref name="Error"/>.</param>
/// <param name="Error">Why the member was not read, naming the file and offset.</param>
/// <param name="Fatal">True when nothing after it can be read (the file ends inside it, or is not gzip at all).</param>
internal readonly record struct GzipMember(long Offset, byte[]? Data, string? Error = null, bool Fatal = false);
