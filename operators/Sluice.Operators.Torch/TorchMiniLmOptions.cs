namespace Sluice.Operators.Torch;

/// <summary>Options of <see cref="TorchMiniLmEmbedder"/>; validated when the embedder is created.</summary>
public sealed record TorchMiniLmOptions
{
    /// <summary>Where the model runs. Default <see cref="TorchDeviceKind.Auto"/> (CUDA when available).</summary>
    public TorchDeviceKind Device { get; init; } = TorchDeviceKind.Auto;

    /// <summary>
    /// Weight and activation precision. Default <see cref="TorchPrecision.Auto"/>: float16 on CUDA, float32 on the CPU.
    /// Half types are refused on the CPU: by the constructor when <see cref="Device"/> is <see cref="TorchDeviceKind.Cpu"/>,
    /// by <see cref="TorchMiniLmEmbedder.Open"/> when <see cref="TorchDeviceKind.Auto"/> resolves to the CPU.
    /// </summary>
    public TorchPrecision Precision { get; init; } = TorchPrecision.Auto;

    /// <summary>
    /// Texts run through the model together. Default <c>null</c>: 256 on CUDA, 32 on the CPU. Must be at least 1 when set.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// Longest token sequence given to the model, counting [CLS] and [SEP]; longer texts are truncated. Default 256
    /// (the sentence-transformers setting of all-MiniLM-L6-v2); must lie in 2..512.
    /// </summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>
    /// Length bucketing: texts are sorted by token count before being cut into batches, so each batch is padded only
    /// to a similar length. Results come back in input order either way. Default <c>true</c>.
    /// </summary>
    public bool Bucketing { get; init; } = true;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A half precision was asked for on the CPU.</exception>
    internal void Validate()
    {
        if (BatchSize is < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1 when set.");
        if (MaxTokens is < 2 or > 512)
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "MaxTokens must lie in 2..512.");
        if (!Enum.IsDefined(Device))
            throw new ArgumentOutOfRangeException(nameof(Device), Device, "Unknown device kind.");
        if (!Enum.IsDefined(Precision))
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Unknown precision.");
        if (Device == TorchDeviceKind.Cpu && Precision is TorchPrecision.Float16 or TorchPrecision.BFloat16)
            throw new ArgumentException($"Precision {Precision} needs CUDA; use Float32 (or Auto) on the CPU.", nameof(Precision));
    }
}
