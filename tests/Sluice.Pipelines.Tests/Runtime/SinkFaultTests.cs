using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Runtime;
using Sluice.Pipelines.Tests.TestSupport;

namespace Sluice.Pipelines.Tests.Runtime;

/// <summary>
/// A sink lane that faults while the router still has batches for it: the run's error is the lane's
/// <see cref="OperatorException"/>, never the router's "stopped accepting" (once a race, see issue 11 case 14b).
/// </summary>
public sealed class SinkFaultTests
{
    /// <summary>Test double: throws on its first batch and aborts slowly, which widens the window in which the
    /// router finds the faulted lane declining while the lane's own fault is not yet reported.</summary>
    private sealed class FailingSink : IRecordSink<Row>
    {
        public string OutputUri { get; } = Path.Combine(Path.GetTempPath(), "sluice-tests-" + Guid.NewGuid().ToString("N")[..10]);

        public Sluice.Storage.Objects.IObjectStore Outputs => Sluice.Storage.Objects.ObjectStores.Open(OutputUri);

        public string Describe() => "failing sink";

        public ISinkUnitWriter<Row> OpenUnit(WorkUnit unit, string attempt) => new Writer();

        public Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct) => Task.CompletedTask;

        private sealed class Writer : ISinkUnitWriter<Row>
        {
            public ValueTask WriteAsync(IReadOnlyList<Row> records, CancellationToken ct) =>
                throw new InvalidDataException($"cannot write {records[0].Id}");

            public Task<IReadOnlyList<SinkOutput>> CompleteAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<SinkOutput>>([]);

            public Task AbortAsync() => Task.Delay(300);

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Run_LaneFaultsWhileRouterSends_ErrorIsTheLanesOperatorException(int lanes)
    {
        var options = new PipelineOptions { BatchSize = 5, LinkCapacity = 2, SinkParallelism = lanes, SourceParallelism = 1 };
        var source = new MemorySource<Row>("rows", [Enumerable.Range(0, 500).Select(Row.Make).ToArray()]);
        var pipeline = Pipeline.Create("sink-fault", options).Read(source).Write(new FailingSink(), "write").Build();

        var result = await Runs.RunAsync(pipeline);

        Assert.Equal(RunStatus.Failed, result.Status);
        var fault = Assert.IsType<OperatorException>(result.Error);
        Assert.Equal("write", fault.Operator);
        Assert.IsType<InvalidDataException>(fault.InnerException);
    }
}
