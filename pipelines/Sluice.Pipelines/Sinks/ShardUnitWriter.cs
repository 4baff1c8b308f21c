using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Sinks;

/// <summary>
/// Writes one unit's records into rolling shards of a <see cref="ShardSink{T}"/>; <paramref name="partition"/> is set
/// when the shards hold one partition of a partitioned write.
/// </summary>
internal sealed class ShardUnitWriter<T>(ShardSink<T> sink, WorkUnit unit, string attempt, Func<Stream, IShardFormatWriter<T>> createWriter, int? partition = null)
    : ISinkUnitWriter<T>
{
    private readonly List<SinkOutput> _done = [];
    private ObjectWriteStream? _object;
    private HashingStream? _hashing;
    private IShardFormatWriter<T>? _writer;
    private string _key = "";
    private long _rows;
    private int _checkpointed;

    public async ValueTask WriteAsync(IReadOnlyList<T> records, CancellationToken ct)
    {
        // Rows whose schema outgrew the open shard's start a new shard, so every file has one schema.
        if (_writer is not null && _rows > 0 && !_writer.Accepts(records)) await CloseShardAsync(ct);
        if (_writer is null) await StartShardAsync(ct);
        await _writer!.WriteAsync(records, ct);
        _rows += records.Count;
        if (_rows >= sink.Options.ShardRows || _object!.BytesWritten >= sink.Options.ShardBytes) await CloseShardAsync(ct);
    }

    public async Task<IReadOnlyList<SinkOutput>> CompleteAsync(CancellationToken ct)
    {
        // A unit with no records still writes one empty shard, so an empty unit is visibly done.
        if (_writer is null && _done.Count == 0) await StartShardAsync(ct);
        if (_writer is not null) await CloseShardAsync(ct);
        return _done;
    }

    public async Task<IReadOnlyList<SinkOutput>> CheckpointAsync(CancellationToken ct)
    {
        if (_writer is not null) await CloseShardAsync(ct);
        _checkpointed = _done.Count;
        return _done.ToArray();
    }

    public async Task AbortAsync()
    {
        _object?.Abort();
        _object = null;
        _writer = null;
        // Checkpointed shards are listed in the unit's checkpoint: the attempt that resumes it keeps them.
        foreach (var output in _done.Skip(_checkpointed))
        {
            try { await sink.Store.DeleteAsync(output.Key); }
            catch (Exception) { /* best effort: an orphan is never listed in a manifest */ }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null) await AbortAsync();
    }

    private async Task StartShardAsync(CancellationToken ct)
    {
        _key = sink.ShardKey(unit, attempt, _done.Count, partition);
        _object = await sink.Store.OpenWriteAsync(_key, ct);
        _hashing = new HashingStream(_object);
        _writer = createWriter(_hashing);
        _rows = 0;
    }

    private async Task CloseShardAsync(CancellationToken ct)
    {
        await _writer!.CompleteAsync(ct);
        await _hashing!.FlushAsync(ct);
        await _object!.CompleteAsync(ct);
        _done.Add(new SinkOutput(_key, _rows, _hashing.Written, unit.Id, _hashing.HexDigest(), partition));
        _writer = null;
        _object = null;
    }
}
