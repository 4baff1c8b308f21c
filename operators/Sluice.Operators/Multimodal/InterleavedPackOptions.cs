namespace Sluice.Operators.Multimodal;

/// <summary>How interleaved documents are packed into fixed-length sequences (<see cref="InterleavedPacker"/>).</summary>
public sealed record InterleavedPackOptions
{
    /// <summary>The name padding positions carry in <see cref="InterleavedSequence.TokensByModality"/>; no modality may take it.</summary>
    public const string PadModality = "pad";

    /// <summary>Tokens per sequence. Default 4096.</summary>
    public int SequenceLength { get; init; } = 4096;

    /// <summary>
    /// The modalities, in the order their indices are written to <see cref="InterleavedSequence.Modality"/> (0, 1, …; padding
    /// is the next index). Default <c>text</c>, <c>image</c>, <c>speech</c>.
    /// </summary>
    public IReadOnlyList<string> Modalities { get; init; } = ["text", "image", "speech"];

    /// <summary>
    /// Modalities whose spans may be cut at a sequence boundary, the rest continuing at the start of the next sequence.
    /// A span of any other modality is never cut: when it does not fit the space left it starts the next sequence.
    /// Default <c>text</c>.
    /// </summary>
    public IReadOnlyList<string> Splittable { get; init; } = ["text"];

    /// <summary>The id written at padding positions. Default 0.</summary>
    public int PadToken { get; init; }

    /// <summary>An id appended to every document after its last span, in <see cref="EndOfDocumentModality"/>. Default null: none.</summary>
    public int? EndOfDocumentToken { get; init; }

    /// <summary>The modality of <see cref="EndOfDocumentToken"/>. Default <c>text</c>.</summary>
    public string EndOfDocumentModality { get; init; } = "text";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A length, modality list or token is invalid; the message names the field.</exception>
    public void Validate()
    {
        if (SequenceLength < 1) throw new ArgumentException($"InterleavedPackOptions.SequenceLength must be positive, not {SequenceLength}");
        if (Modalities.Count is 0 or > byte.MaxValue)
            throw new ArgumentException($"InterleavedPackOptions.Modalities must name 1 to {byte.MaxValue} modalities");
        if (Modalities.Distinct(StringComparer.Ordinal).Count() != Modalities.Count || Modalities.Any(string.IsNullOrEmpty))
            throw new ArgumentException("InterleavedPackOptions.Modalities must be distinct, non-empty names");
        if (Modalities.Contains(PadModality)) throw new ArgumentException($"InterleavedPackOptions.Modalities may not name '{PadModality}': padding carries it");
        if (Splittable.FirstOrDefault(m => !Modalities.Contains(m)) is { } unknown)
            throw new ArgumentException($"InterleavedPackOptions.Splittable names '{unknown}', which is not in Modalities");
        if (EndOfDocumentToken is not null && !Modalities.Contains(EndOfDocumentModality))
            throw new ArgumentException($"InterleavedPackOptions.EndOfDocumentModality '{EndOfDocumentModality}' is not in Modalities");
    }
}
