using System.Collections.Concurrent;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// Reads a whole input into memory through the engine: what a workflow step does before a whole-dataset computation
/// (fitting a model, k-means). Reading a dataset folder reads exactly the shards its <c>_manifest.json</c> lists.
/// </summary>
public static class RecordCollector
{
    /// <summary>
    /// Runs <paramref name="read"/> (a source and any per-record operators) in this process and returns every record,
    /// in unit order and, within a unit, in record order: the same list on every call.
    /// </summary>
    /// <example><c>var rows = await RecordCollector.CollectAsync(p =&gt; p.ReadParquet&lt;Row&gt;("out/oracle"), ct);</c></example>
    /// <exception cref="InvalidOperationException">The read failed (the message names the operator and unit) or was cancelled.</exception>
    public static async Task<List<T>> CollectAsync<T>(Func<PipelineBuilder, Flow<T>> read, CancellationToken ct = default)
    {
        // Stats and any rejects of the read land in a scratch folder that is removed afterwards.
        var scratch = Directory.CreateTempSubdirectory("sluice-collect-").FullName;
        try
        {
            var bag = new ConcurrentQueue<(string Unit, int Index, T Record)>();
            var pipeline = read(Pipeline.Create("collect")).Write(new MemorySink<T>(scratch, bag)).Build();
            var result = await PipelineRunner.RunAsync(pipeline, new RunOptions { Stop = ct, StatsUri = Path.Combine(scratch, RunLayout.StatsKey) });
            if (result.Status != RunStatus.Completed)
                throw new InvalidOperationException($"reading {pipeline.Sources[0].Describe()} {result.Status.ToString().ToLowerInvariant()}: {result.Error?.Message}", result.Error);
            return bag.OrderBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Index).Select(r => r.Record).ToList();
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    private sealed class MemorySink<T>(string scratch, ConcurrentQueue<(string, int, T)> bag) : IRecordSink<T>
    {
        public string OutputUri => scratch;
        public IObjectStore Outputs => ObjectStores.Open(scratch);
        public string Describe() => "collect in memory";
        public ISinkUnitWriter<T> OpenUnit(WorkUnit unit, string attempt) => new UnitWriter(unit.Id, bag);
        public Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct) => Task.CompletedTask;

        private sealed class UnitWriter(string unit, ConcurrentQueue<(string, int, T)> bag) : ISinkUnitWriter<T>
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
