namespace Sluice.Operators.Drama;

/// <summary>Which sentences of a passage become cropped-sentence queries.</summary>
public enum CropMode
{
    /// <summary>One sentence per passage, chosen by a hash of the seed and the passage id (stable across runs and ranks).</summary>
    OnePerPassage,

    /// <summary>Every sentence that passes the length bounds.</summary>
    EverySentence,
}
