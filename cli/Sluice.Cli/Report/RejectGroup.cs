using Sluice.Pipelines.Contracts;

namespace Sluice.Cli.Report;

/// <summary>The rejects of one operator for one reason.</summary>
/// <param name="Operator">The operator (or source) that rejected them.</param>
/// <param name="Reason">The reason, as the rejects file holds it.</param>
/// <param name="Count">How many.</param>
/// <param name="Examples">The first few, in the order read (at most <see cref="RejectSummary.ExamplesPerGroup"/>).</param>
internal sealed record RejectGroup(string Operator, string Reason, long Count, IReadOnlyList<RejectRecord> Examples);
