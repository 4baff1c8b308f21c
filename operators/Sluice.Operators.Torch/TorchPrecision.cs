namespace Sluice.Operators.Torch;

/// <summary>The number type the encoder's weights and activations use; pooling is always done in float32.</summary>
public enum TorchPrecision
{
    /// <summary><see cref="Float16"/> on CUDA, <see cref="Float32"/> on the CPU.</summary>
    Auto,

    /// <summary>32-bit floats: the reference precision, and the only one allowed on the CPU.</summary>
    Float32,

    /// <summary>IEEE half precision; CUDA only.</summary>
    Float16,

    /// <summary>bfloat16; CUDA only.</summary>
    BFloat16,
}
