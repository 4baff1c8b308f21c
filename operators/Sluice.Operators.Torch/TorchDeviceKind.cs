namespace Sluice.Operators.Torch;

/// <summary>Where <see cref="TorchMiniLmEmbedder"/> runs the model.</summary>
public enum TorchDeviceKind
{
    /// <summary>CUDA device 0 when LibTorch reports CUDA available, the CPU otherwise.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>CUDA device 0; opening fails when CUDA is not available.</summary>
    Cuda,
}
