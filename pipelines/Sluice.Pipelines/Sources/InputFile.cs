using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Sources;

/// <summary>One input object found by <see cref="InputResolver"/>.</summary>
/// <param name="Store">The store that serves it.</param>
/// <param name="Info">Key (relative to the store), size and fingerprint.</param>
public sealed record InputFile(IObjectStore Store, ObjectInfo Info)
{
    /// <summary>The object's full URI.</summary>
    public string Uri => ObjectStores.Join(Store.RootUri, Info.Key);
}
