namespace Sluice.Operators.Training.Megatron;

/// <summary>What <see cref="MegatronExport.WriteAsync"/> wrote.</summary>
/// <param name="BinUri">The <c>.bin</c>.</param>
/// <param name="IdxUri">The <c>.idx</c>.</param>
/// <param name="TokenType">The token width the header states.</param>
/// <param name="Items">Megatron items (sequences in its terms).</param>
/// <param name="Documents">Megatron documents.</param>
/// <param name="Tokens">Tokens in the <c>.bin</c>.</param>
/// <param name="PackedSequences">Packed sequences read.</param>
public sealed record MegatronExportResult(string BinUri, string IdxUri, MegatronTokenType TokenType, long Items, long Documents, long Tokens,
    long PackedSequences);
