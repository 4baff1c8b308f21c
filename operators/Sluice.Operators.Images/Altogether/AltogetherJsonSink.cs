using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Operators.Images.Altogether;

/// <summary>
/// Writes captions in the Altogether reference layout: one JSON object per input shard,
/// <c>{shard_id % 100}/{shard_id}.json</c> holding <c>{uuid: {"altogether": caption}}</c>. The shard id is the input's
/// file name when it is all digits (<c>00042.tar</c> → 42), else the number of the work unit. Keys are fixed by the layout, not
/// per attempt: a unit redone after a crash rewrites the same object, and the dataset manifest lists exactly the
/// committed ones.
/// </summary>
public sealed partial class AltogetherJsonSink : IRecordSink<AltogetherCaption>
{
    private readonly Lazy<IObjectStore> _store;

    /// <summary>A sink writing under <paramref name="outputUri"/> (a folder or <c>s3://bucket/prefix</c>).</summary>
    public AltogetherJsonSink(string outputUri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputUri);
        OutputUri = outputUri.TrimEnd('/');
        _store = new Lazy<IObjectStore>(() => ObjectStores.Open(OutputUri));
    }

    /// <inheritdoc />
    public string OutputUri { get; }

    /// <inheritdoc />
    public IObjectStore Outputs => _store.Value;

    /// <inheritdoc />
    public string Describe() => $"altogether-json {OutputUri}";

    /// <summary>The reference key of a unit's captions.</summary>
    public static string KeyOf(WorkUnit unit)
    {
        var id = ShardId(unit);
        return $"{id % 100}/{id}.json";
    }

    /// <summary>The shard id of a unit: its all-digit file name as a number, else its unit number.</summary>
    public static long ShardId(WorkUnit unit)
    {
        var name = Path.GetFileNameWithoutExtension(unit.Uri.TrimEnd('/'));
        // Only an all-digit name is a shard number (00042.tar); "page-2.html" and "page-2b.html" are not.
        if (unit.Kind == UnitKind.WholeFile && name.Length > 0 && name.All(char.IsAsciiDigit) && long.TryParse(name, out var id)) return id;
        return long.Parse(LastNumber().Match(unit.Id).Value);
    }

    /// <summary>True only for the reference layout's names, <c>{shard_id % 100}/{shard_id}.json</c>.</summary>
    public bool OwnsKey(string key) => ReferenceKey().IsMatch(key);

    /// <inheritdoc />
    public ISinkUnitWriter<AltogetherCaption> OpenUnit(WorkUnit unit, string attempt) => new UnitWriter(this, unit);

    /// <inheritdoc />
    public async Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct)
    {
        var ordered = outputs.OrderBy(o => o.Unit, StringComparer.Ordinal).ToArray();
        var manifest = new DatasetManifest(pipeline, "altogether-json", ordered.Sum(o => o.Rows), ordered.Sum(o => o.Bytes), ordered, null, DateTimeOffset.UtcNow);
        await Outputs.PutAsync(RunLayout.DatasetManifestKey, JsonSerializer.SerializeToUtf8Bytes(manifest, SluiceJson.Options), ct: ct);
    }

    [GeneratedRegex(@"\d+(?=\D*$)")]
    private static partial Regex LastNumber();

    [GeneratedRegex(@"^[0-9]{1,2}/[0-9]+\.json\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceKey();

    private sealed class UnitWriter(AltogetherJsonSink sink, WorkUnit unit) : ISinkUnitWriter<AltogetherCaption>
    {
        // A shard's captions are one JSON object, so they are held until the unit ends (captions are small).
        private readonly Dictionary<string, string> _captions = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];
        private string? _written;

        public ValueTask WriteAsync(IReadOnlyList<AltogetherCaption> records, CancellationToken ct)
        {
            foreach (var r in records)
            {
                if (!_captions.ContainsKey(r.Uuid)) _order.Add(r.Uuid);
                _captions[r.Uuid] = r.Caption;
            }
            return ValueTask.CompletedTask;
        }

        public async Task<IReadOnlyList<SinkOutput>> CompleteAsync(CancellationToken ct)
        {
            using var buffer = new MemoryStream();
            await using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                foreach (var uuid in _order)
                {
                    json.WriteStartObject(uuid);
                    json.WriteString("altogether", _captions[uuid]);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            var key = KeyOf(unit);
            var bytes = buffer.ToArray();
            await sink.Outputs.PutAsync(key, bytes, ct: ct);
            _written = key;
            return [new SinkOutput(key, _order.Count, bytes.Length, unit.Id, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)))];
        }

        public async Task AbortAsync()
        {
            if (_written is null) return;
            try { await sink.Outputs.DeleteAsync(_written); }
            catch (Exception) { /* best effort: an object no manifest lists is never read */ }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
