using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;

namespace Sluice.Pipelines.Tests.Runtime;

public sealed class BackpressureTests
{
    /// <summary>A sink that counts what reaches it and takes a little while per batch.</summary>
    private sealed class SlowCountingSink(Func<long> produced) : IRecordSink<Row>
    {
        private long _consumed;
        private long _maxInFlight;

        public long Consumed => Interlocked.Read(ref _consumed);
        public long MaxInFlight => Interlocked.Read(ref _maxInFlight);

        public string OutputUri { get; } = Path.Combine(Path.GetTempPath(), "sluice-tests-" + Guid.NewGuid().ToString("N")[..10]);

        public Sluice.Storage.Objects.IObjectStore Outputs => Sluice.Storage.Objects.ObjectStores.Open(OutputUri);

        public string Describe() => "slow counting sink";

        public void Observe()
        {
            var inFlight = produced() - Consumed;
            long seen;
            while (inFlight > (seen = MaxInFlight) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen) { }
        }

        public ISinkUnitWriter<Row> OpenUnit(WorkUnit unit, string attempt) => new Writer(this, unit);

        public Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct) => Task.CompletedTask;

        private sealed class Writer(SlowCountingSink sink, WorkUnit unit) : ISinkUnitWriter<Row>
        {
            private long _rows;

            public async ValueTask WriteAsync(IReadOnlyList<Row> records, CancellationToken ct)
            {
                await Task.Delay(1, ct);
                Interlocked.Add(ref sink._consumed, records.Count);
                _rows += records.Count;
            }

            public Task<IReadOnlyList<SinkOutput>> CompleteAsync(CancellationToken ct) =>
                Task.FromResult<IReadOnlyList<SinkOutput>>([new SinkOutput(unit.Id, _rows, 0, unit.Id)]);

            public Task AbortAsync() => Task.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Run_FastSourceSlowSink_RecordsInFlightStayBounded()
    {
        const int total = 6000;
        var options = new PipelineOptions { BatchSize = 10, LinkCapacity = 2, Parallelism = 2, SourceParallelism = 1 };
        SlowCountingSink? sink = null;
        var source = new MemorySource<Row>("many", [Enumerable.Range(0, total).Select(Row.Make).ToArray()])
        {
            OnProduced = _ => sink!.Observe(),
        };
        sink = new SlowCountingSink(() => source.Produced);
        var pipeline = Pipeline.Create("backpressure", options)
            .Read(source).Map(r => r with { N = r.N * 2 }).Where(r => r.N >= 0, "negative").Write(sink).Build();

        try
        {
            var result = await Runs.RunAsync(pipeline);

            Assert.Equal(RunStatus.Completed, result.Status);
            Assert.Equal(total, sink.Consumed);
            // Each of the three bounded stages (source buffer, fused map+where, sink) holds at most LinkCapacity
            // batches plus those being worked on; the source holds one batch being filled and one being sent.
            var bound = (3 * (options.LinkCapacity + options.Parallelism) + 2) * options.BatchSize;
            Assert.InRange(sink.MaxInFlight, 1, bound);
        }
        finally
        {
            if (Directory.Exists(sink.OutputUri)) Directory.Delete(sink.OutputUri, recursive: true);
        }
    }
}
