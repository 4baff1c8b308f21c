namespace Sluice.Storage.Objects;

/// <summary>Thrown when a key does not exist; the message names the full URI.</summary>
public sealed class ObjectNotFoundException(string uri, Exception? inner = null)
    : IOException($"object not found: {uri}", inner)
{
    /// <summary>The full URI that was asked for.</summary>
    public string Uri { get; } = uri;
}
