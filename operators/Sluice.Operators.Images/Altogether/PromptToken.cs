namespace Sluice.Operators.Images.Altogether;

/// <summary>One token of a prompt: its id in the tokenizer's vocabulary and the characters it covers.</summary>
/// <param name="Id">Vocabulary id.</param>
/// <param name="Start">First character in the tokenized text.</param>
/// <param name="Length">Characters covered.</param>
public readonly record struct PromptToken(int Id, int Start, int Length);
