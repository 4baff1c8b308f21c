namespace Sluice.Operators.Text;

/// <summary>A passage cut from a document.</summary>
/// <param name="Id">Passage id: <c>DOCID#INDEX</c>.</param>
/// <param name="DocId">The document's id.</param>
/// <param name="PassageIndex">Zero-based position among the document's passages.</param>
/// <param name="Title">The document's title.</param>
/// <param name="Text">The passage text; starts with the title when the chunker prepends it.</param>
/// <param name="CharStart">Offset of the passage's first character in the document's text.</param>
/// <param name="CharEnd">Offset one past its last character in the document's text.</param>
public sealed record Passage(string Id, string DocId, int PassageIndex, string? Title, string Text, int CharStart, int CharEnd);
