using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>Records that a unit's outputs are complete; the commit point of a run.</summary>
public interface IUnitCommitter
{
    /// <summary>
    /// Commits a finished unit. Called once per unit per attempt, from any thread. Returns false when another
    /// attempt committed the unit first; the caller then deletes this attempt's outputs.
    /// </summary>
    Task<bool> CommitAsync(UnitResult result, CancellationToken ct);

    /// <summary>Every unit committed so far (by any attempt, for a shared run folder).</summary>
    Task<IReadOnlyList<UnitResult>> CommittedAsync(CancellationToken ct);

    /// <summary>The commit of one unit as written (outputs not checked), or null when it is not committed.</summary>
    Task<UnitResult?> CommitOfAsync(WorkUnit unit, CancellationToken ct);
}

/// <summary>What one unit produced.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Attempt">The attempt that produced it.</param>
/// <param name="Outputs">Per sink name, the objects written.</param>
/// <param name="Rejects">The unit's rejects files (one per checkpoint that had rejects, and one at the end if it had any).</param>
/// <param name="RejectedCount">Records rejected in the unit.</param>
/// <param name="RecordsIn">Records the source read for the unit.</param>
public sealed record UnitResult(WorkUnit Unit, string Attempt, IReadOnlyDictionary<string, IReadOnlyList<SinkOutput>> Outputs,
    IReadOnlyList<SinkOutput> Rejects, long RejectedCount, long RecordsIn);
