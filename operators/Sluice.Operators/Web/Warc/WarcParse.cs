namespace Sluice.Operators.Web.Warc;

/// <summary>What <see cref="WarcRecordParser"/> found at one position.</summary>
/// <param name="Offset">Offset of the record's first byte in its stream.</param>
/// <param name="Record">The record; null at the end or with <paramref name="Error"/>.</param>
/// <param name="Error">Why the bytes there are not a record.</param>
/// <param name="End">True when the stream holds nothing more to read.</param>
internal readonly record struct WarcParse(long Offset, WarcRawRecord? Record, string? Error = null, bool End = false);
