namespace Sluice.Operators.Drama;

/// <summary>A parsed query-generation answer.</summary>
/// <param name="Task">The retrieval task the model imagined (may be empty).</param>
/// <param name="Query">The query; never empty.</param>
/// <param name="Language">The language the model named (may be empty).</param>
public sealed record GeneratedQuery(string Task, string Query, string Language);
