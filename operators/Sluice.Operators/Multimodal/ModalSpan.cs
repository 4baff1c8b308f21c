namespace Sluice.Operators.Multimodal;

/// <summary>
/// One run of token ids of one modality inside an interleaved document: a paragraph's text tokens, an image's VQ codes,
/// a clip's speech units. The ids come from whatever tokenizer the caller used (sentinels such as begin/end-of-image
/// included, if the model wants them); the packer never looks inside them.
/// </summary>
/// <param name="Modality">The modality's name, one of <see cref="InterleavedPackOptions.Modalities"/>.</param>
/// <param name="Tokens">The token ids, in order.</param>
public sealed record ModalSpan(string Modality, int[] Tokens);
