using System.Security.Cryptography;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Contracts;

namespace Sluice.Pipelines.Commit;

/// <summary>Checks that recorded outputs still exist with their sizes (and checksums with <c>verify</c>).</summary>
internal sealed class OutputCheck(Pipeline pipeline, bool verify)
{
    private readonly IReadOnlyDictionary<string, ISinkNode> _sinks = pipeline.Sinks.Cast<ISinkNode>().ToDictionary(s => s.Name);

    /// <summary>What is wrong with the outputs, or null when every one is intact.</summary>
    public async Task<string?> DamageAsync(IReadOnlyDictionary<string, IReadOnlyList<SinkOutput>> outputs, CancellationToken ct)
    {
        foreach (var (sinkName, list) in outputs)
        {
            if (!_sinks.TryGetValue(sinkName, out var sink)) return $"sink '{sinkName}' is not in this pipeline";
            foreach (var output in list)
            {
                var info = await sink.StatAsync(output.Key, ct);
                if (info is null) return $"output {output.Key} is missing";
                if (info.Size != output.Bytes) return $"output {output.Key} has {info.Size} bytes, {output.Bytes} were recorded";
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
}
