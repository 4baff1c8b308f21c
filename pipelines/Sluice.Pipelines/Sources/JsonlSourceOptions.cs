namespace Sluice.Pipelines.Sources;

/// <summary>How JSONL input is planned and read.</summary>
public sealed record JsonlSourceOptions
{
    /// <summary>Uncompressed files larger than this are split into byte ranges aligned to lines. Default 64 MiB.</summary>
    public long MaxUnitBytes { get; init; } = 64L << 20;

    /// <summary>Lines longer than this are rejected with their position. Default 16 MiB.</summary>
    public int MaxLineBytes { get; init; } = 16 << 20;
}
