namespace Sluice.Operators.Training.Megatron;

/// <summary>Options of <see cref="MegatronExport.WriteAsync"/>.</summary>
public sealed record MegatronExportOptions
{
    /// <summary>One past the highest token id (<see cref="TrainingTokenizer.VocabularySize"/>): below 65,500 the
    /// tokens are stored as uint16, else int32. Required.</summary>
    public required int VocabularySize { get; init; }

    /// <summary>The file name prefix: the dataset is <c>PREFIX.bin</c> + <c>PREFIX.idx</c>. Default <c>tokens</c>.</summary>
    public string Prefix { get; init; } = "tokens";

    /// <summary>Items and documents: <see cref="MegatronLayout.Documents"/> (default) or per packed sequence.</summary>
    public MegatronLayout Layout { get; init; } = MegatronLayout.Documents;

    /// <summary>Throws when a setting cannot work.</summary>
    /// <exception cref="ArgumentException">The vocabulary size is below 1 or the prefix is empty or holds a '/'.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(VocabularySize, 1, nameof(VocabularySize));
        if (string.IsNullOrEmpty(Prefix) || Prefix.Contains('/')) throw new ArgumentException($"Prefix must be a plain file name, got '{Prefix}'");
    }
}
