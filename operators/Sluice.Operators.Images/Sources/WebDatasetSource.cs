using System.Formats.Tar;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sources;

namespace Sluice.Operators.Images.Sources;

/// <summary>
/// Reads WebDataset tar shards (<c>uuid.jpg|jpeg|png|webp|gif|bmp</c> + <c>uuid.json</c> with
/// <c>"texts": [[source, alt_text], …]</c>) as a stream straight from the object store, never unpacked to disk; one
/// work unit per shard. A sample's key is its member path up to the first dot of the file name, as WebDataset
/// defines it. A sample missing its image or JSON, with unreadable JSON, an oversized member, or a uuid already seen in
/// the shard is a reject naming the uuid; a damaged tar ends the shard with a reject.
/// </summary>
/// <param name="uri">Object, folder, glob or dataset URI of <c>.tar</c> shards.</param>
/// <param name="maxMemberBytes">Largest member read, in bytes. Default 64 MiB.</param>
public sealed class WebDatasetSource(string uri, long maxMemberBytes = 64L << 20) : PlannedSource<ImageAltPair>(uri)
{
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { "jpg", "jpeg", "png", "webp", "gif", "bmp" };

    /// <inheritdoc />
    public override string Describe() => $"webdataset {Uri}";

    /// <inheritdoc />
    public override async IAsyncEnumerable<SourceItem<ImageAltPair>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        var file = FileOf(unit);
        await using var stream = await file.OpenPlannedAsync(ct: ct);
        using var tar = new TarReader(stream, leaveOpen: true);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        Sample? current = null;
        long position = 0;
        while (true)
        {
            TarEntry? entry;
            string? fatal = null;
            try { entry = await tar.GetNextEntryAsync(copyData: false, ct); }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or IOException && e is not OperationCanceledException)
            {
                entry = null;
                fatal = $"damaged tar after {position} samples: {e.Message}";
            }
            if (entry is null)
            {
                if (current is not null) yield return Finish(current, file.Uri, seen, position++);
                if (fatal is not null) yield return new SourceItem<ImageAltPair>(null, position, fatal, Fatal: true);
                yield break;
            }
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
            var slash = name.LastIndexOf('/');
            var dot = name.IndexOf('.', slash + 1);
            var key = dot < 0 ? name : name[..dot];
            var ext = dot < 0 ? "" : name[(dot + 1)..].ToLowerInvariant();
            if (current is not null && current.Key != key)
            {
                yield return Finish(current, file.Uri, seen, position++);
                current = null;
            }
            current ??= new Sample(key);
            if (entry.Length > maxMemberBytes)
            {
                current.Problems.Add($"member {name} is {entry.Length} bytes, over the {maxMemberBytes}-byte limit");
                continue;
            }
            byte[] data;
            string? readError = null;
            try { data = await ReadAllAsync(entry, ct); }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException && e is not OperationCanceledException)
            {
                data = [];
                readError = $"damaged tar in member {name}: {e.Message}";
            }
            if (readError is not null)
            {
                current.Problems.Add(readError);
                yield return Finish(current, file.Uri, seen, position++);
                yield return new SourceItem<ImageAltPair>(null, position, readError, Fatal: true);
                yield break;
            }
            if (ext == "json") current.Json = data;
            else if (ImageExtensions.Contains(ext))
            {
                if (current.Image is null) { current.Image = data; current.ImageMember = name; }
                else current.Problems.Add($"second image {name} ignored");
            }
        }
    }

    private static SourceItem<ImageAltPair> Finish(Sample s, string shardUri, Dictionary<string, long> seen, long position)
    {
        if (seen.TryGetValue(s.Key, out var first))
            return new SourceItem<ImageAltPair>(null, position, $"duplicate uuid {s.Key} in shard (first at sample {first})");
        seen[s.Key] = position;
        if (s.Problems.Count > 0 && (s.Image is null || s.Json is null))
            return new SourceItem<ImageAltPair>(null, position, $"sample {s.Key}: {string.Join("; ", s.Problems)}");
        if (s.Json is null) return new SourceItem<ImageAltPair>(null, position, $"sample {s.Key} has no .json member");
        if (s.Image is null) return new SourceItem<ImageAltPair>(null, position, $"sample {s.Key} has no image member");
        List<string> alts;
        try { alts = ParseTexts(s.Json); }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException)
        {
            return new SourceItem<ImageAltPair>(null, position, $"sample {s.Key}: unreadable .json ({e.Message})");
        }
        return new SourceItem<ImageAltPair>(new ImageAltPair(s.Key, shardUri, $"{shardUri}#{s.ImageMember}", s.Image, alts), position);
    }

    /// <summary>The alt-texts of a sample's JSON: <c>texts</c> as <c>[[source, alt], …]</c> (or plain strings).</summary>
    internal static List<string> ParseTexts(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var alts = new List<string>();
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("the JSON is not an object");
        if (!doc.RootElement.TryGetProperty("texts", out var texts)) return alts;
        if (texts.ValueKind != JsonValueKind.Array) throw new InvalidDataException("\"texts\" is not an array");
        foreach (var t in texts.EnumerateArray())
        {
            if (t.ValueKind == JsonValueKind.String) alts.Add(t.GetString()!);
            else if (t.ValueKind == JsonValueKind.Array && t.GetArrayLength() >= 2 && t[1].ValueKind == JsonValueKind.String) alts.Add(t[1].GetString()!);
            else throw new InvalidDataException($"a \"texts\" item is neither [source, alt_text] nor a string: {t.GetRawText()}");
        }
        return alts;
    }

    private static async Task<byte[]> ReadAllAsync(TarEntry entry, CancellationToken ct)
    {
        if (entry.DataStream is null) return [];
        var data = new byte[entry.Length];
        await entry.DataStream.ReadExactlyAsync(data, ct);
        return data;
    }

    private sealed class Sample(string key)
    {
        public string Key { get; } = key;
        public byte[]? Json { get; set; }
        public byte[]? Image { get; set; }
        public string? ImageMember { get; set; }
        public List<string> Problems { get; } = [];
    }
}
