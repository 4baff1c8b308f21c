namespace Sluice.Operators.Training;

/// <summary>The kind of model file <see cref="TokenizeOptions.ModelPath"/> names.</summary>
public enum TokenizerModelFormat
{
    /// <summary>A tiktoken ranks file (one base64 token and its rank per line), split with
    /// <see cref="TokenizeOptions.SplitPattern"/>; its special tokens come from <see cref="TokenizeOptions.SpecialTokens"/>.</summary>
    Tiktoken,

    /// <summary>A SentencePiece <c>tokenizer.model</c> of the Llama family (Llama 1 and 2, Mistral); EOS is the model's
    /// end-of-sentence id, and no BOS is added.</summary>
    SentencePiece,
}
