using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Exchange;
using Sluice.Pipelines.Planning;

namespace Sluice.Operators.Shuffle;

/// <summary>
/// Some partitions of a partitioned dataset, one work unit per partition that has shards, in the order
/// <paramref name="partitions"/> lists them (which must be ascending, as the exchange plans them). Reading is
/// <see cref="PartitionSource{T}"/>'s: the partition's shards from every writing unit in manifest order.
/// </summary>
/// <param name="uri">The partitioned dataset.</param>
/// <param name="partitions">The partitions to read, ascending.</param>
public sealed class PartitionSubsetSource<T>(string uri, IReadOnlyList<int> partitions) : IRecordSource<T>
{
    private readonly PartitionSource<T> _all = new(uri);
    private readonly HashSet<int> _wanted = [.. partitions];

    /// <inheritdoc />
    public string Describe() => $"{_all.Describe()} {string.Join(',', partitions)}";

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct) =>
        (await _all.PlanAsync(sourceIndex, ct)).Where(u => _wanted.Contains((int)u.Start)).ToArray();

    /// <inheritdoc />
    public IAsyncEnumerable<SourceItem<T>> ReadAsync(WorkUnit unit, CancellationToken ct) => _all.ReadAsync(unit, ct);
}
