namespace Sluice.Operators.Multimodal;

/// <summary>
/// One fixed-length training sequence of interleaved modalities. <see cref="Modality"/> gives every position exactly one
/// modality index (padding included), so the masks <c>Modality[i] == m</c> partition the positions: a
/// Mixture-of-Transformers model routes each position to its modality's weights by it.
/// </summary>
/// <param name="Id">Deterministic: the work unit's id and the sequence's number in it (<c>u000003-000017</c>).</param>
/// <param name="Tokens">Exactly <see cref="InterleavedPackOptions.SequenceLength"/> ids.</param>
/// <param name="Modality">Per position, the index of its modality in <see cref="InterleavedPackOptions.Modalities"/>; padding is that list's length.</param>
/// <param name="DocumentStarts">Positions where a document's first token lies, ascending.</param>
/// <param name="Documents">Ids of the documents with tokens here, in order.</param>
/// <param name="ContinuesDocument">True when position 0 continues a document begun in the previous sequence.</param>
/// <param name="TokensByModality">Positions per modality name, <see cref="InterleavedPackOptions.PadModality"/> for padding; they sum to the length.</param>
public sealed record InterleavedSequence(string Id, int[] Tokens, byte[] Modality, int[] DocumentStarts, string[] Documents, bool ContinuesDocument,
    IReadOnlyDictionary<string, int> TokensByModality);
