using Sluice.Pipelines.Contracts;

namespace Sluice.Pipelines.Blueprint;

/// <summary>A sink node seen without its record type.</summary>
internal interface ISinkNode
{
    string Name { get; }
    string OutputUri { get; }
    Task WriteManifestAsync(string pipeline, IReadOnlyList<SinkOutput> outputs, CancellationToken ct);
    Task DeleteAsync(string key, CancellationToken ct);
    Task<Storage.Objects.ObjectInfo?> StatAsync(string key, CancellationToken ct);
    Task<Stream> OpenReadAsync(string key, CancellationToken ct);
    bool CanCheckpoint { get; }
    bool OwnsKey(string key);
    IAsyncEnumerable<Storage.Objects.ObjectInfo> ListAsync(CancellationToken ct);
}
