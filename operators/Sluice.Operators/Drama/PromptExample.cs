namespace Sluice.Operators.Drama;

/// <summary>One few-shot turn of a <see cref="PromptTemplate"/>.</summary>
/// <param name="User">What the user says.</param>
/// <param name="Assistant">The answer shown to the model.</param>
public sealed record PromptExample(string User, string Assistant);
