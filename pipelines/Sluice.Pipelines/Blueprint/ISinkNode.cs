using Sluice.Pipelines.Contracts;

namespace Sluice.Pipelines.Blueprint;

/// <summary>A sink node seen without its record type.</summary>
internal interface ISinkNode
{
    string Name { get; }
    string OutputUri { get; }
    Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct);
}
