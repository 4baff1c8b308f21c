namespace Sluice.Operators.Multimodal;

/// <summary>An interleaved multi-modal document: its spans in reading order (text, then an image, then more text, …).</summary>
/// <param name="Id">The document's id, listed in the sequences that hold its tokens.</param>
/// <param name="Spans">The spans, in order.</param>
public sealed record InterleavedDocument(string Id, IReadOnlyList<ModalSpan> Spans);
