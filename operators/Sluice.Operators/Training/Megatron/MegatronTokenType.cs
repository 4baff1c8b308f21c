namespace Sluice.Operators.Training.Megatron;

/// <summary>
/// The token width of a Megatron-LM indexed dataset, as the dtype code its <c>.idx</c> header stores (Megatron-LM's
/// <c>DType</c> enum in <c>megatron/core/datasets/indexed_dataset.py</c>, commit 00caa53af30912914981c86f39db123961678bbd).
/// </summary>
public enum MegatronTokenType : byte
{
    /// <summary>Signed 32-bit ids, 4 bytes a token (code 4): any vocabulary.</summary>
    Int32 = 4,

    /// <summary>Unsigned 16-bit ids, 2 bytes a token (code 8): vocabularies under 65,500 ids, Megatron's own cut-off.</summary>
    UInt16 = 8,
}
