using System.Collections.Concurrent;

namespace Sluice.Pipelines.Runtime;

/// <summary>The committer of a run without a run folder: units complete within this process only.</summary>
public sealed class InMemoryCommitter : IUnitCommitter
{
    private readonly ConcurrentQueue<UnitResult> _results = new();

    /// <inheritdoc />
    public Task<bool> CommitAsync(UnitResult result, CancellationToken ct)
    {
        _results.Enqueue(result);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UnitResult>> CommittedAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<UnitResult>>(_results.OrderBy(r => r.Unit.Id, StringComparer.Ordinal).ToArray());

    /// <inheritdoc />
    public Task<UnitResult?> CommitOfAsync(Planning.WorkUnit unit, CancellationToken ct) =>
        Task.FromResult(_results.FirstOrDefault(r => r.Unit.Id == unit.Id));
}
