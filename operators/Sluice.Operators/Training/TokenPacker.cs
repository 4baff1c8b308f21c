using Sluice.Pipelines.Contracts;

namespace Sluice.Operators.Training;

/// <summary>
/// Packs one work unit's documents into fixed-length sequences: the documents' tokens are concatenated in the order
/// the unit holds them and cut every <see cref="PackOptions.SequenceLength"/> tokens, so a document longer than the room
/// left runs on into the next sequence (as many as it needs). Nothing crosses a unit: the output depends on the unit
/// alone, which is what makes it deterministic for any number of ranks and exactly-once when a unit restarts.
/// </summary>
/// <remarks>The unit's tokens are held until its end (4 bytes a token); sequences are produced lazily from them.</remarks>
public sealed class TokenPacker : IUnitAccumulator<TokenizedDocument, PackedSequence>
{
    private readonly string _unit;
    private readonly PackOptions _options;
    private readonly List<int> _tokens = [];
    private readonly List<int> _documentStarts = [];
    private readonly List<string> _documentIds = [];

    /// <summary>A packer for the unit named <paramref name="unit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public TokenPacker(string unit, PackOptions options)
    {
        options.Validate();
        _unit = unit;
        _options = options;
    }

    /// <summary>Appends one document's tokens to the unit's stream; a document with no tokens adds nothing.</summary>
    public void Add(TokenizedDocument record)
    {
        if (record.Tokens.Length == 0) return;
        _documentStarts.Add(_tokens.Count);
        _documentIds.Add(record.Id);
        _tokens.AddRange(record.Tokens);
    }

    /// <summary>
    /// The unit's sequences. Sequence k holds stream tokens [kL, kL + L + V − 1) for length L and V views. Under
    /// <see cref="PackTail.Drop"/> only full sequences are emitted; under <see cref="PackTail.Pad"/> sequences go on
    /// while the first position still has all its views (kL + V − 1 &lt; N for N tokens), so every token is an input
    /// (and, with views, a target) somewhere, and the last sequence is padded.
    /// </summary>
    public IEnumerable<PackedSequence> Complete()
    {
        int length = _options.SequenceLength, width = length + _options.Views - 1, n = _tokens.Count;
        for (int k = 0; ; k++)
        {
            long start = (long)k * length;
            bool emit = _options.Tail == PackTail.Drop ? start + width <= n : start + _options.Views - 1 < n;
            if (!emit) yield break;
            yield return Cut(k, (int)start, (int)Math.Min(width, n - start), width);
        }
    }

    private PackedSequence Cut(int index, int start, int real, int width)
    {
        var tokens = new int[width];
        _tokens.CopyTo(start, tokens, 0, real);
        if (real < width) Array.Fill(tokens, _options.PadId, real, width - real);
        // The document holding the first token: the last one starting at or before it.
        int first = _documentStarts.BinarySearch(start);
        if (first < 0) first = ~first - 1;
        int end = first;
        while (end < _documentStarts.Count && _documentStarts[end] < start + real) end++;
        var starts = new int[end - first];
        var ids = new string[end - first];
        for (int d = first; d < end; d++)
        {
            starts[d - first] = Math.Max(0, _documentStarts[d] - start);
            ids[d - first] = _documentIds[d];
        }
        return new PackedSequence(_unit, index, tokens, real, starts, ids, _documentStarts[first] < start, _options.Views);
    }
}
