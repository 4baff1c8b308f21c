namespace Sluice.Operators.Training;

/// <summary>What <see cref="TrainingVerbs.PackTokens"/> does with a work unit's last, partly filled sequence.</summary>
public enum PackTail
{
    /// <summary>Emit it, filled to the full length with <see cref="PackOptions.PadId"/>; its
    /// <see cref="PackedSequence.Length"/> says where the padding begins. No token is lost.</summary>
    Pad,

    /// <summary>Drop it: every emitted sequence is full, and the unit's last tokens (fewer than one sequence) are lost.</summary>
    Drop,
}
