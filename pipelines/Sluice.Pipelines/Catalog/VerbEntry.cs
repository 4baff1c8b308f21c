using Sluice.Pipelines.Blueprint;

namespace Sluice.Pipelines.Catalog;

/// <summary>One verb of the catalogue: one public overload that adds an operator to a pipeline.</summary>
/// <param name="Name">The method name, as a script calls it (<c>MinWords</c>).</param>
/// <param name="Role">What the operator it adds does.</param>
/// <param name="Input">The record type it takes (<c>Document</c>, <c>T</c>); null for a source.</param>
/// <param name="Output">The record type it emits; null for a sink.</param>
/// <param name="Options">Its parameters with defaults, in declaration order.</param>
/// <param name="Summary">The first paragraph of its XML doc summary; null when the doc file is not deployed.</param>
/// <param name="Rule">The rule it implements (<see cref="VerbAttribute.Rule"/>), or null.</param>
/// <param name="Paper">The paper it follows (<see cref="VerbAttribute.Paper"/>), or null.</param>
/// <param name="File">Its source file relative to the repository root (<c>operators/Sluice.Operators/Text/Chunking/ChunkingVerbs.cs</c>).</param>
public sealed record VerbEntry(string Name, OperatorRole Role, string? Input, string? Output, IReadOnlyList<VerbOption> Options,
    string? Summary, string? Rule, string? Paper, string File);
