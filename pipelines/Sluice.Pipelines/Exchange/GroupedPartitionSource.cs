using System.Runtime.CompilerServices;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Exchange;

/// <summary>
/// A partitioned dataset read one partition per unit, each partition sorted by <paramref name="keyOf"/> (stably: equal
/// keys keep the order <see cref="PartitionSource{T}"/> reads them in) and yielded as <see cref="GroupMember{TKey,T}"/>.
/// The sort spills to local disk past <paramref name="sortBufferBytes"/> (<see cref="ExternalSorter{T,TKey}"/>), so a
/// partition larger than memory, or one key with millions of records, never sits in memory whole. The order is a
/// pure function of the dataset, so a resumed unit skips exactly what its checkpoint covers.
/// </summary>
public sealed class GroupedPartitionSource<T, TKey>(string uri, Func<T, TKey> keyOf, IComparer<TKey>? comparer = null, long sortBufferBytes = 64L << 20)
    : IRecordSource<GroupMember<TKey, T>>
{
    private readonly PartitionSource<T> _partitions = new(uri);
    private readonly IComparer<TKey> _comparer = comparer ?? Comparer<TKey>.Default;

    /// <inheritdoc />
    public string Describe() => $"{_partitions.Describe()}, grouped by key";

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct) => _partitions.PlanAsync(sourceIndex, ct);

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceItem<GroupMember<TKey, T>>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        var sorter = new ExternalSorter<T, TKey>(keyOf, _comparer, sortBufferBytes);
        GroupMember<TKey, T>? current = null;
        long index = 0;
        await foreach (var item in PartitionSource<T>.ItemsOf(sorter.SortAsync(_partitions.RecordsAsync(unit, ct), ct), ct))
        {
            if (item.Error is not null)
            {
                yield return new SourceItem<GroupMember<TKey, T>>(default, item.Position, item.Error, item.Fatal);
                yield break;
            }
            var record = item.Record!;
            var key = keyOf(record);
            if (current is null || _comparer.Compare(current.Key, key) != 0)
            {
                index = 0;
                current = new GroupMember<TKey, T>(key, record, record, 0);
            }
            yield return new SourceItem<GroupMember<TKey, T>>(current with { Record = record, Index = index++ }, item.Position);
        }
    }
}
