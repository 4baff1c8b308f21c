namespace Sluice.Storage.Formats;

/// <summary>Limits for <see cref="JsonlFormat.ReadAsync{T}"/>.</summary>
public sealed record JsonlReadOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static JsonlReadOptions Default { get; } = new();

    /// <summary>
    /// The longest accepted line in bytes, excluding the line feed; longer lines are skipped without being
    /// buffered whole and reported as errors. Default 16 MiB. Must be positive.
    /// </summary>
    public int MaxLineBytes { get; init; } = 16 << 20;
}
