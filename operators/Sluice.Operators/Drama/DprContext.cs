namespace Sluice.Operators.Drama;

/// <summary>A passage in a dpr-scale training line.</summary>
/// <param name="PassageId">Passage id (JSON <c>passage_id</c>).</param>
/// <param name="Title">Title (empty when unknown).</param>
/// <param name="Text">Passage text.</param>
public sealed record DprContext(string PassageId, string Title, string Text);
