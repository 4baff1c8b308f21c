using System.Formats.Tar;
using System.Text.Json;

namespace Sluice.Operators.Images.Sources;

/// <summary>
/// Writes a WebDataset tar shard, one sample at a time: <c>uuid.EXT</c> with the image bytes, then <c>uuid.json</c> with
/// <c>{"uuid": …, "texts": [[source, alt], …]}</c>. The output need not be seekable (an object store write stream).
/// </summary>
public sealed class WebDatasetShardWriter : IAsyncDisposable
{
    private readonly TarWriter _tar;

    /// <summary>Starts a shard over <paramref name="output"/>; <paramref name="leaveOpen"/> keeps it open after disposal.</summary>
    public WebDatasetShardWriter(Stream output, bool leaveOpen = false) =>
        _tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen);

    /// <summary>Appends one sample.</summary>
    /// <param name="uuid">Sample key (no dots).</param>
    /// <param name="extension">Image extension without the dot (<c>jpg</c>, <c>png</c>).</param>
    /// <param name="image">Image bytes.</param>
    /// <param name="texts">(source, alt-text) pairs.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="ArgumentException"><paramref name="uuid"/> is empty or holds a dot or slash.</exception>
    public async Task WriteSampleAsync(string uuid, string extension, ReadOnlyMemory<byte> image, IEnumerable<(string Source, string Alt)> texts,
        CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(uuid) || uuid.Contains('.') || uuid.Contains('/'))
            throw new ArgumentException($"a WebDataset key must be non-empty without '.' or '/': '{uuid}'", nameof(uuid));
        await WriteMemberAsync($"{uuid}.{extension}", image, ct);
        var json = JsonSerializer.SerializeToUtf8Bytes(new { uuid, texts = texts.Select(t => new[] { t.Source, t.Alt }).ToArray() });
        await WriteMemberAsync($"{uuid}.json", json, ct);
    }

    /// <summary>Appends a raw member (for tests of damaged samples).</summary>
    public async Task WriteMemberAsync(string name, ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data.ToArray(), writable: false) };
        await _tar.WriteEntryAsync(entry, ct);
    }

    /// <summary>Writes the end-of-archive blocks.</summary>
    public ValueTask DisposeAsync() => _tar.DisposeAsync();
}
