namespace Sluice.Operators.Images.Altogether;

/// <summary>How captions are re-aligned by a vision-language model.</summary>
public sealed record RealignOptions
{
    /// <summary>The model id sent with each request and recorded with each caption. Default null: the client's own model.</summary>
    public string? ModelId { get; init; }

    /// <summary>The instruction before the alt-text. Default: keep what the alt-text says that is true of the image, add what the image shows.</summary>
    public string Instruction { get; init; } =
        "Write one caption for this image. The alt-text below came with the image on the web: keep what it says that is true "
        + "of the image (names, places, dates, specific terms), drop what is not visible or wrong, and add what the image shows. "
        + "Answer with the caption only.";

    /// <summary>
    /// Re-alignment rounds: round k+1 gives the model round k's caption (cut to the prompt length) as the alt-text, as
    /// the paper's annotation rounds re-align the previous round's caption. Every round's caption is kept in
    /// <see cref="AltogetherCaption.RoundCaptions"/>. Default 1 (the reference inference runs one).
    /// </summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Sampling temperature. Default 0.2 (the reference decoding).</summary>
    public float Temperature { get; init; } = 0.2f;

    /// <summary>Nucleus sampling mass. Default 0.7 (the reference decoding).</summary>
    public float TopP { get; init; } = 0.7f;

    /// <summary>Most new tokens per caption. Default 192 (the reference's 320-token sequence less its 128-token prompt).</summary>
    public int MaxOutputTokens { get; init; } = 192;

    /// <summary>
    /// Requests this operator keeps in flight at once across all its batches. Default 64; set it at or above the
    /// endpoint's own concurrency limit so the endpoint, not the operator, decides the pace.
    /// </summary>
    public int MaxInFlight { get; init; } = 64;

    /// <summary>Alt-text prompt rules (set dedup, <c>"; "</c> join, 128 tokens).</summary>
    public AltPromptOptions Prompt { get; init; } = new();

    /// <summary>Throws on a value out of range, when the pipeline is declared.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Rounds < 1) throw new ArgumentOutOfRangeException(nameof(Rounds), Rounds, "must be at least 1");
        if (Temperature < 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "must not be negative");
        if (TopP is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "must be in (0, 1]");
        if (MaxOutputTokens < 1) throw new ArgumentOutOfRangeException(nameof(MaxOutputTokens), MaxOutputTokens, "must be at least 1");
        if (MaxInFlight < 1) throw new ArgumentOutOfRangeException(nameof(MaxInFlight), MaxInFlight, "must be at least 1");
        if (string.IsNullOrWhiteSpace(Instruction)) throw new ArgumentException("Instruction must not be empty", nameof(Instruction));
    }
}
