using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;

namespace Sluice.Operators.Multimodal;

/// <summary>
/// One work unit's packing: documents in the unit's order go through one <see cref="InterleavedPacker"/>, so a unit
/// gives the same sequences on every run and rank count; sequences never span units, and each unit's last one is padded.
/// </summary>
internal sealed class InterleavedPackAccumulator<T>(WorkUnit unit, Func<T, string> id, Func<T, IReadOnlyList<ModalSpan>> spans, InterleavedPackOptions options)
    : IUnitAccumulator<T, InterleavedSequence>
{
    private readonly InterleavedPacker _packer = new(options, unit.Id);
    private readonly List<InterleavedSequence> _sequences = [];

    public void Add(T record)
    {
        _packer.Add(id(record), spans(record));
        _sequences.AddRange(_packer.TakeCompleted());
    }

    public IEnumerable<InterleavedSequence> Complete() => [.. _sequences, .. _packer.Finish()];
}
