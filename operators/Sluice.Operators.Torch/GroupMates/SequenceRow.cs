namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// A document's training sequence for the probe LM: what the Group-MATES tokenize stage writes (JSONL) and the later
/// stages read.
/// </summary>
/// <param name="Id">The document's id.</param>
/// <param name="Tokens">Its first <c>Context + 1</c> token ids (<see cref="ProbeTokenizer.Sequence"/>).</param>
/// <param name="Text">The text those tokens cover (<see cref="ProbeTokenizer.SequenceText"/>), what the document encoder reads.</param>
public sealed record SequenceRow(string Id, int[] Tokens, string Text);
