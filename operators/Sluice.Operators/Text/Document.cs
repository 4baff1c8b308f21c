namespace Sluice.Operators.Text;

/// <summary>A document of a corpus: JSON <c>{"id", "title", "text"}</c>.</summary>
/// <param name="Id">Document id, unique in the corpus.</param>
/// <param name="Title">Title (may be empty).</param>
/// <param name="Text">Body text.</param>
public sealed record Document(string Id, string? Title, string Text);
