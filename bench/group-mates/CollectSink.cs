using System.Collections.Concurrent;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Objects;

namespace Sluice.Bench.GroupMates;

/// <summary>Reads a whole dataset into memory through the engine (a stage boundary: k-means, fitting).</summary>
internal static class Collect
{
    public static async Task<List<T>> AllAsync<T>(Func<PipelineBuilder, Flow<T>> read, string scratch)
    {
        var bag = new ConcurrentQueue<(string Unit, int Index, T Row)>();
        var sink = new CollectSink<T>(scratch, bag);
        var pipeline = read(Pipeline.Create("group-mates-collect")).Write(sink).Build();
        var result = await PipelineRunner.RunAsync(pipeline, new RunOptions { StatsUri = Path.Combine(scratch, "collect-stats.json") });
        if (result.Status != RunStatus.Completed) throw new InvalidOperationException($"reading failed: {result.Error?.Message}");
        // Unit order, then record order: the same list on every run.
        return bag.OrderBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Index).Select(r => r.Row).ToList();
    }

    private sealed class CollectSink<T>(string scratch, ConcurrentQueue<(string, int, T)> bag) : IRecordSink<T>
    {
        public string OutputUri { get; } = Path.GetFullPath(scratch);
        public IObjectStore Outputs => ObjectStores.Open(OutputUri);
        public string Describe() => "collect in memory";
        public ISinkUnitWriter<T> OpenUnit(WorkUnit unit, string attempt) => new Writer(unit.Id, bag);
        public Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct) => Task.CompletedTask;

        private sealed class Writer(string unit, ConcurrentQueue<(string, int, T)> bag) : ISinkUnitWriter<T>
        {
            private int _index;
            public ValueTask WriteAsync(IReadOnlyList<T> records, CancellationToken ct)
            {
                foreach (var r in records) bag.Enqueue((unit, _index++, r));
                return ValueTask.CompletedTask;
            }
            public Task<IReadOnlyList<SinkOutput>> CompleteAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<SinkOutput>>([]);
            public Task AbortAsync() => Task.CompletedTask;
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
