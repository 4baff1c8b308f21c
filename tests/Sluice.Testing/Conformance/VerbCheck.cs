namespace Sluice.Testing.Conformance;

/// <summary>Which check a <see cref="VerbRun"/> serves; a case's inputs follow it (<see cref="VerbRun.Records{T}"/>, <see cref="VerbRun.InputFile"/>).</summary>
public enum VerbCheck
{
    /// <summary>The case's sample input, rejected records included.</summary>
    Sample,

    /// <summary>No records at all.</summary>
    Empty,

    /// <summary>The sample input and then the case's poison, which makes the verb's own code throw.</summary>
    Fault,

    /// <summary>The sample input, with a stop requested while the run cannot yet have finished.</summary>
    Cancel,

    /// <summary>The sample input in a run folder with part-way checkpoints, stopped half-way and then resumed.</summary>
    Resume,
}
