using System.Buffers;
using System.Text.Json;
using Sluice.Storage.Formats.Internal;

namespace Sluice.Storage.Formats;

/// <summary>
/// Writes records as JSON Lines (UTF-8, one object per line, <c>\n</c>-terminated) with <see cref="SluiceJson.Options"/>,
/// optionally compressed. The writer owns <c>output</c>: <see cref="CompleteAsync"/> and disposal close it.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed class JsonlShardWriter<T> : IAsyncDisposable
{
    private const int FlushBytes = 1 << 20;
    private readonly CountingStream _counter;
    private readonly Stream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushBytes + (FlushBytes >> 2));
    private readonly Utf8JsonWriter _json;
    private bool _completed;

    /// <summary>Starts a shard over <paramref name="output"/>, compressing with <paramref name="compression"/>.</summary>
    public JsonlShardWriter(Stream output, Compression compression)
    {
        ArgumentNullException.ThrowIfNull(output);
        _counter = new CountingStream(output);
        _stream = CompressionCodec.OpenWrite(_counter, compression);
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = SluiceJson.Options.Encoder, SkipValidation = true });
    }

    /// <summary>Records written so far.</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Bytes handed to the output after compression; exact once <see cref="CompleteAsync"/> returns,
    /// lower before it (compressors buffer).</summary>
    public long BytesWritten => _counter.Count;

    /// <summary>Appends <paramref name="records"/>, one line each.</summary>
    /// <exception cref="InvalidOperationException">The writer was completed.</exception>
    /// <exception cref="ArgumentNullException">A record is null.</exception>
    public async ValueTask WriteAsync(IReadOnlyList<T> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        ObjectDisposedException.ThrowIf(_completed, this);
        for (int i = 0; i < records.Count; i++)
        {
            var record = records[i] ?? throw new ArgumentNullException(nameof(records), $"record {i} is null");
            JsonSerializer.Serialize(_json, record, SluiceJson.Options);
            _json.Flush();
            _json.Reset();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            RecordsWritten++;
            if (_buffer.WrittenCount >= FlushBytes) await FlushBufferAsync(ct);
        }
        await FlushBufferAsync(ct);
    }

    /// <summary>Writes buffered lines, the compressor's footer, and closes the output. Idempotent.</summary>
    public async ValueTask CompleteAsync()
    {
        if (_completed) return;
        _completed = true;
        await FlushBufferAsync(CancellationToken.None);
        await _json.DisposeAsync();
        await _stream.DisposeAsync();
    }

    /// <summary>Same as <see cref="CompleteAsync"/>.</summary>
    public ValueTask DisposeAsync() => CompleteAsync();

    private async ValueTask FlushBufferAsync(CancellationToken ct)
    {
        if (_buffer.WrittenCount == 0) return;
        await _stream.WriteAsync(_buffer.WrittenMemory, ct);
        _buffer.ResetWrittenCount();
    }
}
