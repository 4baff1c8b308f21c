namespace Sluice.Operators.Torch.GroupMates;

/// <summary>Shape of <see cref="ProbeLm"/>, the small decoder-only LM whose checkpoint Group-MATES probes.</summary>
public sealed record ProbeLmOptions
{
    /// <summary>Token ids are 0..VocabularySize−1 (see <see cref="ProbeTokenizer"/>). Default 8,192; at least 2.</summary>
    public int VocabularySize { get; init; } = 8192;

    /// <summary>Model width (embedding size). Default 128; a multiple of <see cref="Heads"/>.</summary>
    public int Width { get; init; } = 128;

    /// <summary>Decoder blocks. Default 2; at least 1.</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Attention heads. Default 4; at least 1.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Context length: a training sequence is Context + 1 tokens (inputs and shifted targets). Default 64; at least 2.</summary>
    public int Context { get; init; } = 64;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (VocabularySize < 2) throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize, "VocabularySize must be at least 2.");
        if (Heads < 1) throw new ArgumentOutOfRangeException(nameof(Heads), Heads, "Heads must be at least 1.");
        if (Width < 1 || Width % Heads != 0) throw new ArgumentOutOfRangeException(nameof(Width), Width, "Width must be a positive multiple of Heads.");
        if (Depth < 1) throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "Depth must be at least 1.");
        if (Context < 2) throw new ArgumentOutOfRangeException(nameof(Context), Context, "Context must be at least 2.");
    }

    /// <summary>"vocab 8192, width 128, depth 2, heads 4, context 64": for error messages.</summary>
    public string Describe() => $"vocab {VocabularySize}, width {Width}, depth {Depth}, heads {Heads}, context {Context}";
}
