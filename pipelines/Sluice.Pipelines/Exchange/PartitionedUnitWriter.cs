using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sinks;

namespace Sluice.Pipelines.Exchange;

/// <summary>One unit's output of a <see cref="PartitionedSink{T}"/>: a shard writer per partition, opened on its first record.</summary>
internal sealed class PartitionedUnitWriter<T>(ShardSink<T> format, WorkUnit unit, string attempt, Func<T, ulong> hashOf, int partitions)
    : ISinkUnitWriter<T>
{
    // Sorted by partition so outputs (and so the manifest) list partitions in order.
    private readonly SortedDictionary<int, ISinkUnitWriter<T>> _writers = [];

    public async ValueTask WriteAsync(IReadOnlyList<T> records, CancellationToken ct)
    {
        var byPartition = new SortedDictionary<int, List<T>>();
        foreach (var record in records)
        {
            var p = Partitioning.Of(hashOf(record), partitions);
            if (!byPartition.TryGetValue(p, out var list)) byPartition[p] = list = [];
            list.Add(record);
        }
        foreach (var (p, list) in byPartition) await WriterOf(p).WriteAsync(list, ct);
    }

    public async Task<IReadOnlyList<SinkOutput>> CompleteAsync(CancellationToken ct)
    {
        // A unit with no records still writes one (empty) shard, so an empty unit is visibly done.
        if (_writers.Count == 0) WriterOf(0);
        var outputs = new List<SinkOutput>();
        foreach (var writer in _writers.Values) outputs.AddRange(await writer.CompleteAsync(ct));
        return outputs;
    }

    public async Task<IReadOnlyList<SinkOutput>> CheckpointAsync(CancellationToken ct)
    {
        var outputs = new List<SinkOutput>();
        foreach (var writer in _writers.Values) outputs.AddRange(await writer.CheckpointAsync(ct));
        return outputs;
    }

    public async Task AbortAsync()
    {
        foreach (var writer in _writers.Values) await writer.AbortAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers.Values) await writer.DisposeAsync();
    }

    private ISinkUnitWriter<T> WriterOf(int partition)
    {
        if (!_writers.TryGetValue(partition, out var writer)) _writers[partition] = writer = format.OpenPartition(unit, attempt, partition);
        return writer;
    }
}
