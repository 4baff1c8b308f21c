namespace Sluice.Operators.Training;

/// <summary>One document as token ids, end-of-text id included when the tokenizer appends one.</summary>
/// <param name="Id">The document's id, kept so a packed sequence can say which documents it holds.</param>
/// <param name="Tokens">The ids, in order; never empty (an empty document is rejected before).</param>
public sealed record TokenizedDocument(string Id, int[] Tokens);
