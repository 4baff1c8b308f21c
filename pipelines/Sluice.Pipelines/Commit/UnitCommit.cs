using Sluice.Pipelines.Contracts;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// <c>commits/UNIT.json</c>: the commit point of a unit, written with <c>If-None-Match: *</c> so exactly one
/// attempt wins. It lists the unit's outputs with sizes and checksums and its counts.
/// </summary>
/// <param name="Unit">Work unit id.</param>
/// <param name="Attempt">The winning attempt.</param>
/// <param name="Rank">The rank that ran it.</param>
/// <param name="Outputs">Per sink name, the shards written (keys relative to the sink's output URI).</param>
/// <param name="Rejects">The rejects files (keys relative to the rejects URI): one per checkpoint and one at the end, each only when it had rejects.</param>
/// <param name="RecordsIn">Records the source read for the unit.</param>
/// <param name="Rejected">Records rejected in the unit.</param>
/// <param name="Committed">When it was committed.</param>
public sealed record UnitCommit(string Unit, string Attempt, int Rank, IReadOnlyDictionary<string, IReadOnlyList<SinkOutput>> Outputs,
    IReadOnlyList<SinkOutput> Rejects, long RecordsIn, long Rejected, DateTimeOffset Committed);
