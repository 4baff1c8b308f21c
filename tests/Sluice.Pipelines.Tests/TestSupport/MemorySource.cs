using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Tests.TestSupport;

/// <summary>
/// A source of in-memory units. Each record is counted as it is produced; an optional gate holds a unit's
/// reading before its last record until released, to play a slow input without sleeping.
/// </summary>
public sealed class MemorySource<T>(string name, IReadOnlyList<IReadOnlyList<T>> units) : IRecordSource<T>
{
    private long _produced;

    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>Called after each record is produced, with the running count (for in-flight tracking).</summary>
    public Action<long>? OnProduced { get; init; }

    /// <summary>When set, reading waits on it before each unit's last record.</summary>
    public Task? Gate { get; init; }

    public string Describe() => $"memory {name}";

    public Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<WorkUnit>>(units.Select((u, i) =>
            new WorkUnit("", sourceIndex, $"memory://{name}/{i}", i, i + 1, Math.Max(1, u.Count), UnitKind.WholeFile, "mem")).ToArray());

    public async IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        var records = units[(int)unit.Start];
        for (var i = 0; i < records.Count; i++)
        {
            if (Gate is not null && i == records.Count - 1) await Gate.WaitAsync(ct);
            var n = Interlocked.Increment(ref _produced);
            OnProduced?.Invoke(n);
            yield return new SourceItem<T>(records[i], i + 1);
        }
        await Task.Yield();
    }
}
