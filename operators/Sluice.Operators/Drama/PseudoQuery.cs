namespace Sluice.Operators.Drama;

/// <summary>A training query made from a passage: a cropped sentence or an LLM-generated query.</summary>
/// <param name="QueryId">Unique id: <c>PASSAGEID:crop:N</c> or <c>PASSAGEID:qgen</c>.</param>
/// <param name="Text">The query text.</param>
/// <param name="SourcePassageId">The passage it came from.</param>
/// <param name="SourceText">That passage's text.</param>
/// <param name="Origin"><c>crop</c> or <c>qgen</c>.</param>
/// <param name="Language">The language the generator reported (QGen), or null.</param>
/// <param name="Task">The retrieval task the generator imagined (QGen), or null.</param>
/// <param name="Corpus">The corpus the passage belongs to (for mixing by ratio), or null.</param>
public sealed record PseudoQuery(string QueryId, string Text, string SourcePassageId, string SourceText, string Origin,
    string? Language = null, string? Task = null, string? Corpus = null);
