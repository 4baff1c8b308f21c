using Sluice.Pipelines.Blueprint;
using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Operators.Language.Tests;

/// <summary>In-memory records as one work unit, for running verbs in a real pipeline.</summary>
internal sealed class MemorySource<T>(IReadOnlyList<T> records) : IRecordSource<T>
{
    public string Describe() => "memory records";

    public Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<WorkUnit>>([new WorkUnit("", sourceIndex, "memory://records", 0, 1, Math.Max(1, records.Count), UnitKind.WholeFile, "mem")]);

    public async IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.CompletedTask;
        for (var i = 0; i < records.Count; i++) yield return new SourceItem<T>(records[i], i + 1);
    }
}
