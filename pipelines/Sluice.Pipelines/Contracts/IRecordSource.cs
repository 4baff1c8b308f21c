using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Contracts;

/// <summary>A source of typed records: plans its input into work units, then reads one unit at a time.</summary>
public interface IRecordSource<T>
{
    /// <summary>A short description for plans and logs (format and URI).</summary>
    string Describe();

    /// <summary>
    /// Lists the input and cuts it into units, deterministically for the same input. Unit ids are
    /// assigned by the planner; sources fill the other fields.
    /// </summary>
    /// <exception cref="FileNotFoundException">No input matches.</exception>
    Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct);

    /// <summary>Reads one unit in order. Bad input is yielded as items with an error, not thrown.</summary>
    IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, CancellationToken ct);
}
