namespace Sluice.Operators.Torch.GroupMates;

/// <summary>One training sequence of the probe LM (Context + 1 token ids) and the document it was cut from.</summary>
public sealed record ProbeSequence(string DocumentId, int[] Tokens);
