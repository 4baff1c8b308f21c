using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Objects;

namespace Sluice.Bench.Engine;

/// <summary>
/// A sink that counts the records it is given and discards them. <paramref name="outputUri"/> is only where the
/// run puts its rejects and <c>stats.json</c>; nothing else is written there.
/// </summary>
public sealed class CountingSink<T>(string outputUri) : IRecordSink<T>
{
    private long _records;

    /// <summary>Records received so far, across units.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <inheritdoc />
    public string OutputUri { get; } = outputUri;

    /// <inheritdoc />
    public IObjectStore Outputs { get; } = ObjectStores.Open(outputUri);

    /// <inheritdoc />
    public string Describe() => "counting sink (discards records)";

    /// <inheritdoc />
    public ISinkUnitWriter<T> OpenUnit(WorkUnit unit, string attempt) => new UnitCounter(this, unit, attempt);

    /// <inheritdoc />
    public Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct) => Task.CompletedTask;

    private sealed class UnitCounter(CountingSink<T> sink, WorkUnit unit, string attempt) : ISinkUnitWriter<T>
    {
        private long _rows;

        public ValueTask WriteAsync(IReadOnlyList<T> records, CancellationToken ct)
        {
            _rows += records.Count;
            return ValueTask.CompletedTask;
        }

        public Task<IReadOnlyList<SinkOutput>> CompleteAsync(CancellationToken ct)
        {
            Interlocked.Add(ref sink._records, _rows);
            return Task.FromResult<IReadOnlyList<SinkOutput>>([new SinkOutput($"{unit.Id}-{attempt}", _rows, 0, unit.Id)]);
        }

        public Task AbortAsync() => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
