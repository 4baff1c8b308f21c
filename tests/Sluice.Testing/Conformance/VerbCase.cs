using Sluice.Pipelines.Blueprint;

namespace Sluice.Testing.Conformance;

/// <summary>
/// One public verb under the conformance suite: how to put it into a pipeline for a check. The verb's node must be
/// named <see cref="VerbRun.UnderTest"/>, and its output end in <see cref="VerbRun.End{T}"/> (or, for a sink, its
/// input pass through <see cref="VerbRun.Tap{T}"/>).
/// </summary>
/// <param name="Verb">The verb's key (<see cref="VerbConformance.KeyOf"/>): name and defaulted options, <c>Chunk(prependTitle, name)</c>.</param>
/// <param name="Build">Builds the pipeline for a run; inputs come from the run, so they follow its check.</param>
public sealed record VerbCase(string Verb, Func<VerbRun, PipelineBuilder> Build)
{
    /// <summary>Whether the sample input holds records the verb rejects (then each must carry a reason). Default false.</summary>
    public bool Rejects { get; init; }

    /// <summary>Why no input can make this verb's own code throw; null (the default) when the case's poison does.</summary>
    public string? NoFault { get; init; }

    /// <summary>Why this verb has no empty input that yields no records; null (the default) when it has.</summary>
    public string? NoEmpty { get; init; }
}
