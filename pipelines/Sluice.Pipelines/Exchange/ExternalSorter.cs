using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Sluice.Storage.Formats;

namespace Sluice.Pipelines.Exchange;

/// <summary>
/// Sorts a stream of records by key in bounded memory, stably (records with equal keys keep their input order). Records
/// are held as their JSON bytes; when those pass <see cref="BufferBytes"/> the buffer is sorted and spilled as a run to a
/// local temporary file, and the runs are merged (at most <see cref="MaxFanIn"/> at a time, in passes when there are
/// more). Memory stays near <see cref="BufferBytes"/> plus a 64 KiB read buffer per merged run, whatever the input size.
/// Spill files go under <see cref="Path.GetTempPath"/> (<c>TMPDIR</c>) and are deleted when the enumeration ends.
/// </summary>
internal sealed class ExternalSorter<T, TKey>(Func<T, TKey> keyOf, IComparer<TKey> comparer, long bufferBytes, int maxFanIn = 128)
{
    /// <summary>Runs merged in one pass (default 128).</summary>
    public int MaxFanIn { get; } = Math.Max(2, maxFanIn);

    private const int PerRecordOverhead = 64;

    public long BufferBytes { get; } = Math.Max(1 << 16, bufferBytes);

    /// <summary>How many runs the last sort spilled (0 when it fit in memory).</summary>
    public int Spills { get; private set; }

    public async IAsyncEnumerable<T> SortAsync(IAsyncEnumerable<T> input, [EnumeratorCancellation] CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"sluice-sort-{Guid.NewGuid():N}");
        var runs = new List<string>();
        var buffer = new List<(TKey Key, byte[] Json)>();
        long held = 0;
        try
        {
            await foreach (var record in input.WithCancellation(ct))
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(record, SluiceJson.Options);
                buffer.Add((keyOf(record), json));
                held += json.Length + PerRecordOverhead;
                if (held < BufferBytes) continue;
                runs.Add(await SpillAsync(folder, runs.Count, SortStably(buffer), ct));
                buffer.Clear();
                held = 0;
            }
            Spills = runs.Count;
            if (runs.Count == 0)
            {
                foreach (var (_, json) in SortStably(buffer)) yield return Deserialize(json);
                yield break;
            }
            if (buffer.Count > 0) runs.Add(await SpillAsync(folder, runs.Count, SortStably(buffer), ct));
            buffer = [];
            // Earlier runs hold earlier input, so merging runs in order and breaking key ties by run keeps stability.
            while (runs.Count > MaxFanIn)
            {
                var merged = new List<string>();
                for (var i = 0; i < runs.Count; i += MaxFanIn)
                {
                    var group = runs.GetRange(i, Math.Min(MaxFanIn, runs.Count - i));
                    var path = Path.Combine(folder, $"merge-{runs.Count}-{i}.bin");
                    await using (var output = File.Create(path))
                        await foreach (var json in MergeAsync(group, ct)) await WriteFramedAsync(output, json, ct);
                    foreach (var run in group) File.Delete(run);
                    merged.Add(path);
                }
                runs = merged;
            }
            await foreach (var json in MergeAsync(runs, ct)) yield return Deserialize(json);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private List<(TKey Key, byte[] Json)> SortStably(List<(TKey Key, byte[] Json)> buffer)
    {
        // List.Sort is not stable: order by key, then by input position.
        var indexed = new (TKey Key, int At)[buffer.Count];
        for (var i = 0; i < indexed.Length; i++) indexed[i] = (buffer[i].Key, i);
        Array.Sort(indexed, (a, b) => comparer.Compare(a.Key, b.Key) is var c && c != 0 ? c : a.At.CompareTo(b.At));
        var sorted = new List<(TKey, byte[])>(indexed.Length);
        foreach (var (_, at) in indexed) sorted.Add(buffer[at]);
        return sorted;
    }

    private static async Task<string> SpillAsync(string folder, int index, List<(TKey Key, byte[] Json)> sorted, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"run-{index:D6}.bin");
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false);
        foreach (var (_, json) in sorted) await WriteFramedAsync(output, json, ct);
        return path;
    }

    private async IAsyncEnumerable<byte[]> MergeAsync(List<string> runs, [EnumeratorCancellation] CancellationToken ct)
    {
        var readers = runs.Select(r => new FileStream(r, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false)).ToArray();
        try
        {
            var heap = new PriorityQueue<(byte[] Json, int Run), (TKey Key, int Run)>(
                Comparer<(TKey Key, int Run)>.Create((a, b) => comparer.Compare(a.Key, b.Key) is var c && c != 0 ? c : a.Run.CompareTo(b.Run)));
            for (var r = 0; r < readers.Length; r++)
                if (await ReadFramedAsync(readers[r], runs[r], ct) is { } first) heap.Enqueue((first, r), (keyOf(Deserialize(first)), r));
            while (heap.TryDequeue(out var top, out _))
            {
                yield return top.Json;
                if (await ReadFramedAsync(readers[top.Run], runs[top.Run], ct) is { } next) heap.Enqueue((next, top.Run), (keyOf(Deserialize(next)), top.Run));
            }
        }
        finally
        {
            foreach (var reader in readers) await reader.DisposeAsync();
        }
    }

    private static async ValueTask WriteFramedAsync(Stream output, byte[] json, CancellationToken ct)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, json.Length);
        await output.WriteAsync(length, ct);
        await output.WriteAsync(json, ct);
    }

    private static async ValueTask<byte[]?> ReadFramedAsync(Stream input, string path, CancellationToken ct)
    {
        var length = new byte[4];
        var got = await input.ReadAtLeastAsync(length, 4, throwOnEndOfStream: false, ct);
        if (got == 0) return null;
        if (got < 4) throw new InvalidDataException($"spill file {path} is cut short (is the temporary folder full?)");
        var json = new byte[BinaryPrimitives.ReadInt32LittleEndian(length)];
        await input.ReadExactlyAsync(json, ct);
        return json;
    }

    private static T Deserialize(byte[] json) =>
        JsonSerializer.Deserialize<T>(json, SluiceJson.Options) ?? throw new InvalidDataException("a spilled record read back as null");
}
