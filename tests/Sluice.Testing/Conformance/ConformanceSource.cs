using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Testing.Conformance;

/// <summary>
/// Test double of a source: one work unit of in-memory records, chosen by the run's check. Under
/// <see cref="VerbCheck.Cancel"/> it requests the stop after its last record and then repeats its records, so the run
/// is still reading when the stop lands; under <see cref="VerbCheck.Resume"/> its first run requests the stop half-way; under <see cref="VerbCheck.Fault"/> with <see cref="VerbRun.FaultInSource"/> it
/// throws after its last record.
/// </summary>
internal sealed class ConformanceSource<T>(VerbRun run, IReadOnlyList<T> records) : IRecordSource<T>
{
    public string Describe() => "conformance records";

    public Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<WorkUnit>>([new WorkUnit("", sourceIndex, "memory://conformance/records", 0, 1, Math.Max(1, records.Count), UnitKind.WholeFile, "mem")]);

    public async IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0; i < records.Count; i++)
        {
            // The first run of a resume check stops half-way: reading ends at the next batch boundary.
            if (run.Check == VerbCheck.Resume && !run.Resuming && i == records.Count / 2) run.RequestStop();
            yield return new SourceItem<T>(records[i], i + 1);
        }
        // A source's own fault: the engine must report it under the source's node name.
        // (An InvalidDataException would be a corrupt input, which the engine quarantines as a reject.)
        if (run.Check == VerbCheck.Fault && run.FaultInSource) throw new IOException("conformance source: the store failed after its records");
        if (run.Check != VerbCheck.Cancel || records.Count == 0) yield break;
        run.RequestStop();
        // A stop drains: reading goes on to the next batch boundary, so the input goes on as a long file would.
        for (long i = 0; i < MaxAfterStop; i++)
        {
            ct.ThrowIfCancellationRequested();
            yield return new SourceItem<T>(records[(int)(i % records.Count)], records.Count + i + 1);
            if (i % 64 == 63) await Task.Yield();
        }
        throw new InvalidOperationException($"the engine read {MaxAfterStop} records after the stop: it does not end reading at a batch boundary");
    }

    private const long MaxAfterStop = 100_000;
}
