namespace Sluice.Operators.Dedup;

/// <summary>
/// Parameters of MinHash-LSH near-duplicate detection. The defaults are the FineWeb / DataTrove recipe
/// (huggingface/datatrove <c>MinhashConfig</c>, read at commit a649de79c14a550dc90f48a15c025f2dd3fd3b57): 5-word
/// shingles, 14 bands of 8 rows, so two documents become candidates with probability 1 − (1 − s⁸)¹⁴ at Jaccard
/// similarity s (about 0.92 at s = 0.8; the S-curve's midpoint is near (1/14)^(1/8) ≈ 0.72).
/// </summary>
public sealed record MinHashOptions
{
    /// <summary>Words per shingle (word n-gram size). Default 5.</summary>
    public int ShingleWords { get; init; } = 5;

    /// <summary>LSH bands (b): the signature is cut into this many bands, each giving one bucket key. Default 14.</summary>
    public int Bands { get; init; } = 14;

    /// <summary>Rows per band (r): signature values hashed together into one band key. Default 8.</summary>
    public int RowsPerBand { get; init; } = 8;

    /// <summary>
    /// Seed of the permutation parameters. Every rank and machine of one deduplication must use the same seed;
    /// signatures made with different seeds cannot be compared. Default 1.
    /// </summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Signature length: <see cref="Bands"/> × <see cref="RowsPerBand"/> (112 by default).</summary>
    public int HashCount => Bands * RowsPerBand;

    /// <summary>Checks the options before any text is signed.</summary>
    /// <exception cref="ArgumentException">
    /// <see cref="ShingleWords"/> is outside 1–64, <see cref="Bands"/> or <see cref="RowsPerBand"/> is below 1, or the
    /// signature would exceed 4096 values; the message and <see cref="ArgumentException.ParamName"/> name the field.
    /// </exception>
    public void Validate()
    {
        if (ShingleWords is < 1 or > 64)
            throw new ArgumentException($"ShingleWords must be between 1 and 64 (got {ShingleWords}).", nameof(ShingleWords));
        if (Bands < 1)
            throw new ArgumentException($"Bands must be at least 1 (got {Bands}).", nameof(Bands));
        if (RowsPerBand < 1)
            throw new ArgumentException($"RowsPerBand must be at least 1 (got {RowsPerBand}).", nameof(RowsPerBand));
        // A product check in long: two large ints must not wrap into a small positive HashCount.
        if ((long)Bands * RowsPerBand > MaxHashCount)
            throw new ArgumentException($"Bands × RowsPerBand must be at most {MaxHashCount} (got {(long)Bands * RowsPerBand}).", nameof(Bands));
    }

    /// <summary>Largest signature accepted by <see cref="Validate"/>; a guard against typos, far above any recipe.</summary>
    internal const int MaxHashCount = 4096;
}
