namespace Sluice.Operators.Drama;

/// <summary>Options of <see cref="SentenceCropper"/>.</summary>
public sealed record CropOptions
{
    /// <summary>One sentence per passage or every sentence. Default <see cref="CropMode.OnePerPassage"/>.</summary>
    public CropMode Mode { get; init; } = CropMode.OnePerPassage;

    /// <summary>Seed of the sentence choice. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Shortest sentence kept, in whitespace words (a CJK character counts as a word). Default 4.</summary>
    public int MinWords { get; init; } = 4;

    /// <summary>Longest sentence kept, in words; longer ones are cut to this many. Default 64.</summary>
    public int MaxWords { get; init; } = 64;

    /// <summary>Throws on values that cannot work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinWords, 1, nameof(MinWords));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWords, MinWords, nameof(MaxWords));
    }
}
