using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Bench.Engine;

/// <summary>
/// A source of <paramref name="records"/> records drawn in turn from <paramref name="pool"/>, cut into
/// <paramref name="units"/> units of consecutive positions. Reads never wait, so a run measures the engine and
/// the operators, not I/O.
/// </summary>
public sealed class InMemorySource<T>(IReadOnlyList<T> pool, long records, int units) : IRecordSource<T>
{
    /// <inheritdoc />
    public string Describe() => $"memory: {records} records from a pool of {pool.Count}";

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct)
    {
        var list = new List<WorkUnit>(units);
        for (var i = 0; i < units; i++)
        {
            var start = records * i / units;
            var end = records * (i + 1) / units;
            list.Add(new WorkUnit("", sourceIndex, $"memory://records/{i:D5}", start, end, end - start, UnitKind.RecordBatches, "memory"));
        }
        return Task.FromResult<IReadOnlyList<WorkUnit>>(list);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, CancellationToken ct) => new Range(pool, unit.Start, unit.End, ct);

    // A hand-written enumerator that completes every MoveNextAsync synchronously: no state machine, no allocation
    // per record, so the figures show what the engine itself costs per record.
    private sealed class Range(IReadOnlyList<T> pool, long start, long end, CancellationToken ct)
        : IAsyncEnumerable<SourceItem<T>>, IAsyncEnumerator<SourceItem<T>>
    {
        private long _next = start;

        public SourceItem<T> Current { get; private set; }

        public IAsyncEnumerator<SourceItem<T>> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_next >= end) return new ValueTask<bool>(false);
            if ((_next & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            Current = new SourceItem<T>(pool[(int)(_next % pool.Count)], _next);
            _next++;
            return new ValueTask<bool>(true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
