using System.Security.Cryptography;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// Checks that recorded outputs still exist with their sizes (and checksums with <c>verify</c>). Sizes come from one
/// listing of each sink's output taken at the first check, not a request per output: on S3 a listing page holds
/// 1,000 objects, so checking a completed run costs about one request per 1,000 shards. Use a new instance for
/// each pass over a run, so the listing is fresh.
/// </summary>
internal sealed class OutputCheck(Pipeline pipeline, bool verify)
{
    private readonly IReadOnlyDictionary<string, ISinkNode> _sinks = pipeline.Sinks.Cast<ISinkNode>().ToDictionary(s => s.Name);
    private readonly Dictionary<string, Dictionary<string, long>> _sizes = new(StringComparer.Ordinal);

    /// <summary>
    /// The first output listed for a sink of this pipeline under a key that sink does not own, as a field problem
    /// (<c>field 'outputs.write-1[0].key' is …</c>), or null. Such a key never comes from Sluice, and must not reach a
    /// read, a manifest or a delete.
    /// </summary>
    public string? ForeignKey(IReadOnlyDictionary<string, IReadOnlyList<SinkOutput>> outputs)
    {
        foreach (var (sinkName, list) in outputs)
        {
            if (!_sinks.TryGetValue(sinkName, out var sink)) continue;
            for (var i = 0; i < list.Count; i++)
                if (!sink.OwnsKey(list[i].Key))
                    return $"field 'outputs.{sinkName}[{i}].key' is '{list[i].Key}', not a name sink {sinkName} gives its outputs";
        }
        return null;
    }

    /// <summary>What is wrong with the outputs, or null when every one is intact.</summary>
    public async Task<string?> DamageAsync(IReadOnlyDictionary<string, IReadOnlyList<SinkOutput>> outputs, CancellationToken ct)
    {
        foreach (var (sinkName, list) in outputs)
        {
            if (!_sinks.TryGetValue(sinkName, out var sink)) return $"sink '{sinkName}' is not in this pipeline";
            var sizes = await SizesAsync(sink, ct);
            foreach (var output in list)
            {
                if (!sizes.TryGetValue(output.Key, out var size)) return $"output {output.Key} is missing";
                if (size != output.Bytes) return $"output {output.Key} has {size} bytes, {output.Bytes} were recorded";
                if (verify && output.Sha256 is { } expected)
                {
                    await using var stream = await sink.OpenReadAsync(output.Key, ct);
                    var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
                    if (actual != expected) return $"output {output.Key} has checksum {actual}, {expected} was recorded";
                }
            }
        }
        return null;
    }

    private async Task<Dictionary<string, long>> SizesAsync(ISinkNode sink, CancellationToken ct)
    {
        if (_sizes.TryGetValue(sink.Name, out var sizes)) return sizes;
        sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var info in sink.ListAsync(ct)) sizes[info.Key] = info.Size;
        return _sizes[sink.Name] = sizes;
    }
}
