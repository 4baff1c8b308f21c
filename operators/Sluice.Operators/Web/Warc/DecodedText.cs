namespace Sluice.Operators.Web.Warc;

/// <summary>A payload decoded to text by <see cref="PayloadDecoder"/>.</summary>
/// <param name="Text">The text, invalid sequences replaced by U+FFFD.</param>
/// <param name="Charset">The encoding used, by its WHATWG name (<c>utf-8</c>, <c>windows-1252</c>, …).</param>
/// <param name="CharsetSource">Where it came from: <c>bom</c>, <c>header</c>, <c>meta</c> or <c>default</c>.</param>
/// <param name="InvalidBytes">Bytes that were not valid in that encoding.</param>
internal sealed record DecodedText(string Text, string Charset, string CharsetSource, int InvalidBytes);
