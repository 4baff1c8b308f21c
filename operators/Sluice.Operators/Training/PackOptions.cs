namespace Sluice.Operators.Training;

/// <summary>Options of <see cref="TrainingVerbs.PackTokens"/>.</summary>
public sealed record PackOptions
{
    /// <summary>Tokens per sequence, the trainer's context length. Default 2048.</summary>
    public int SequenceLength { get; init; } = 2048;

    /// <summary>
    /// Views, as Memory Layers' data loader (facebookresearch/memory, <c>lingua/data.py</c>, <c>pack_tokens</c>) has
    /// them: view v of a sequence is its tokens shifted by v, so view 0 is the input and view 1 the next-token target
    /// (more views serve multi-token prediction). Each sequence then holds <see cref="SequenceLength"/> + Views − 1
    /// tokens and sequence k starts at token k × <see cref="SequenceLength"/> of the unit's stream: consecutive
    /// sequences overlap by Views − 1 tokens, and view v is <c>Tokens[v .. v + SequenceLength]</c>. Default 1
    /// (plain sequences; the trainer shifts targets itself, as Megatron-LM does).
    /// </summary>
    public int Views { get; init; } = 1;

    /// <summary>What to do with a unit's last, partly filled sequence. Default <see cref="PackTail.Pad"/>.</summary>
    public PackTail Tail { get; init; } = PackTail.Pad;

    /// <summary>The id written into padding positions (positions at or beyond <see cref="PackedSequence.Length"/>);
    /// a trainer masks them out of the loss by that length, so any id is safe. Default 0.</summary>
    public int PadId { get; init; }

    /// <summary>Throws when a setting cannot work; called when the verb is added.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A length or view count below 1, or a negative pad id.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SequenceLength, 1, nameof(SequenceLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(Views, 1, nameof(Views));
        ArgumentOutOfRangeException.ThrowIfNegative(PadId, nameof(PadId));
    }
}
