namespace Sluice.Operators.Training;

/// <summary>
/// One fixed-length training sequence cut from a work unit's token stream (documents concatenated in unit order, each
/// ending with its end-of-text id). Document boundaries are kept as segment offsets rather than a per-token mask: a
/// sequence of 2048 tokens holds a handful of segments, the offsets are what variable-length attention takes
/// (FlashAttention's cumulative sequence lengths), and a per-token document index, position ids or a block mask all
/// follow from them in one pass.
/// </summary>
/// <param name="Unit">The work unit it was cut from.</param>
/// <param name="Index">Its number within the unit, from 0: (Unit, Index) orders a dataset's sequences.</param>
/// <param name="Tokens">The ids: <see cref="PackOptions.SequenceLength"/> + <see cref="PackOptions.Views"/> − 1 of
/// them, positions at or beyond <see cref="Length"/> holding <see cref="PackOptions.PadId"/>.</param>
/// <param name="Length">Real tokens: positions before it are data, the rest is padding (only the unit's last
/// sequence, under <see cref="PackTail.Pad"/>, is ever short).</param>
/// <param name="SegmentStarts">Where each document segment begins inside <see cref="Tokens"/>, ascending, the
/// first always 0; segment i ends where segment i + 1 begins, the last at <see cref="Length"/>.</param>
/// <param name="SegmentDocuments">The id of each segment's document, one per <see cref="SegmentStarts"/> entry.</param>
/// <param name="ContinuesDocument">True when the first segment continues a document begun in the previous sequence
/// (a document longer than the room left is split across sequences).</param>
/// <param name="Views">The <see cref="PackOptions.Views"/> it was packed with: <see cref="Tokens"/> holds the sequence
/// length + Views − 1 ids, and consecutive sequences overlap by Views − 1.</param>
public sealed record PackedSequence(string Unit, int Index, int[] Tokens, int Length, int[] SegmentStarts, string[] SegmentDocuments,
    bool ContinuesDocument, int Views);
