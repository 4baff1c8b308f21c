using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Multimodal;

/// <summary>Packing interleaved multi-modal documents into fixed-length sequences with a per-token modality.</summary>
public static class InterleavedPackVerbs
{
    /// <summary>
    /// Packs each work unit's documents, in order, into sequences of <see cref="InterleavedPackOptions.SequenceLength"/>
    /// tokens with a modality index per position (<see cref="InterleavedPacker"/> states the rule: text is cut at a
    /// boundary, other spans move whole to the next sequence). A document that cannot be packed (a span never cut and
    /// longer than a sequence, an unknown modality, no tokens) is rejected with the reason, before packing.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (thrown when the pipeline is built).</exception>
    [Verb(OperatorRole.Stateful, Rule = "text split at sequence boundaries; image/speech spans never split, moved to the next sequence")]
    public static Flow<InterleavedSequence> PackInterleaved<T>(this Flow<T> flow, Func<T, string> id, Func<T, IReadOnlyList<ModalSpan>> spans,
        InterleavedPackOptions? options = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(spans);
        var o = options ?? new InterleavedPackOptions();
        o.Validate();
        var op = name ?? "pack-interleaved";
        return flow.Filter(r => InterleavedPacker.Check(spans(r), o), op + "-check")
            .Aggregate(unit => new InterleavedPackAccumulator<T>(unit, id, spans, o), op);
    }

    /// <summary>As <see cref="PackInterleaved{T}"/> for <see cref="InterleavedDocument"/>s.</summary>
    /// <exception cref="ArgumentException">The options are invalid (thrown when the pipeline is built).</exception>
    [Verb(OperatorRole.Stateful, Rule = "text split at sequence boundaries; image/speech spans never split, moved to the next sequence")]
    public static Flow<InterleavedSequence> PackInterleaved(this Flow<InterleavedDocument> flow, InterleavedPackOptions? options = null, string? name = null) =>
        flow.PackInterleaved(d => d.Id, d => d.Spans, options, name);
}
