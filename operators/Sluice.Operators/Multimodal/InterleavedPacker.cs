namespace Sluice.Operators.Multimodal;

/// <summary>
/// Packs interleaved documents, in the order given, into sequences of <see cref="InterleavedPackOptions.SequenceLength"/>
/// tokens. The rule, for a span that does not fit the space left in the current sequence:
/// <list type="bullet">
/// <item>a splittable span (text by default) fills the space and continues at position 0 of the next sequence;</item>
/// <item>any other span (an image, a speech clip) is never cut: the current sequence is closed with padding and the
/// span starts the next one, as a VQ image (Chameleon: 1024 codes for a 512×512 image, arXiv 2405.09818) cut in two
/// cannot be decoded from either half;</item>
/// <item>a span that is never cut and is longer than a sequence cannot be placed at all: <see cref="Check"/> rejects its
/// document before packing.</item>
/// </list>
/// Documents follow one another in the same sequence with no padding between them; the last sequence is padded.
/// </summary>
public sealed class InterleavedPacker
{
    private readonly InterleavedPackOptions _options;
    private readonly string _idPrefix;
    private readonly byte _pad;
    private readonly Dictionary<string, byte> _index;
    private readonly HashSet<string> _splittable;
    private readonly List<InterleavedSequence> _done = [];
    private int[] _tokens;
    private byte[] _modality;
    private readonly List<int> _starts = [];
    private readonly List<string> _documents = [];
    private bool _continues;
    private int _fill;
    private bool _documentOpen;
    private int _sequences;

    /// <summary>A packer whose sequences are named <c>ID_PREFIX-000000</c>, <c>ID_PREFIX-000001</c>, ….</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public InterleavedPacker(InterleavedPackOptions options, string idPrefix)
    {
        options.Validate();
        _options = options;
        _idPrefix = idPrefix;
        _pad = (byte)options.Modalities.Count;
        _index = options.Modalities.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => (byte)x.i, StringComparer.Ordinal);
        _splittable = [.. options.Splittable];
        _tokens = new int[options.SequenceLength];
        _modality = new byte[options.SequenceLength];
    }

    /// <summary>
    /// Why a document cannot be packed, or null when it can: a span of an unknown modality, a span that is never cut
    /// and is longer than a sequence, or no tokens at all. The reason names the span, its modality and its length.
    /// </summary>
    public static string? Check(IReadOnlyList<ModalSpan> spans, InterleavedPackOptions options)
    {
        if (spans is null || spans.Count == 0) return "no spans";
        long tokens = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            if (span?.Tokens is null || span.Modality is null) return $"span {i} has no modality or no tokens";
            if (!options.Modalities.Contains(span.Modality))
                return $"span {i} has modality '{span.Modality}', not one of {string.Join(", ", options.Modalities)}";
            if (span.Tokens.Length > options.SequenceLength && !options.Splittable.Contains(span.Modality))
                return $"span {i} ({span.Modality}, {span.Tokens.Length} tokens) is longer than a sequence of {options.SequenceLength} and is never split";
            tokens += span.Tokens.Length;
        }
        return tokens == 0 && options.EndOfDocumentToken is null ? "no tokens" : null;
    }

    /// <summary>Adds one document; it must pass <see cref="Check"/>.</summary>
    /// <exception cref="ArgumentException">The document fails <see cref="Check"/>; the message says why.</exception>
    public void Add(string id, IReadOnlyList<ModalSpan> spans)
    {
        if (Check(spans, _options) is { } reason) throw new ArgumentException($"document {id} cannot be packed: {reason}");
        _documentOpen = false;
        foreach (var span in spans) Place(id, span.Tokens, span.Modality);
        if (_options.EndOfDocumentToken is { } eod) Place(id, [eod], _options.EndOfDocumentModality);
        _documentOpen = false;
    }

    /// <summary>The sequences completed since the last call, in order.</summary>
    public IReadOnlyList<InterleavedSequence> TakeCompleted()
    {
        var done = _done.ToArray();
        _done.Clear();
        return done;
    }

    /// <summary>Pads and closes the sequence being filled, if it holds any token; then returns what <see cref="TakeCompleted"/> would.</summary>
    public IReadOnlyList<InterleavedSequence> Finish()
    {
        if (_fill > 0) Close();
        return TakeCompleted();
    }

    private void Place(string id, int[] tokens, string modality)
    {
        if (tokens.Length == 0) return;
        var length = _options.SequenceLength;
        if (!_splittable.Contains(modality) && tokens.Length > length - _fill) Close();
        var m = _index[modality];
        var at = 0;
        while (at < tokens.Length)
        {
            if (_fill == 0) _continues = _documentOpen;
            if (!_documentOpen) _starts.Add(_fill);
            if (!_documentOpen || _fill == 0) _documents.Add(id);
            _documentOpen = true;
            var take = Math.Min(tokens.Length - at, length - _fill);
            tokens.AsSpan(at, take).CopyTo(_tokens.AsSpan(_fill));
            _modality.AsSpan(_fill, take).Fill(m);
            _fill += take;
            at += take;
            if (_fill == length) Close();
        }
    }

    private void Close()
    {
        if (_fill == 0) return;
        _tokens.AsSpan(_fill).Fill(_options.PadToken);
        _modality.AsSpan(_fill).Fill(_pad);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in _options.Modalities) counts[name] = 0;
        counts[InterleavedPackOptions.PadModality] = 0;
        foreach (var m in _modality) counts[m == _pad ? InterleavedPackOptions.PadModality : _options.Modalities[m]]++;
        _done.Add(new InterleavedSequence($"{_idPrefix}-{_sequences++:D6}", _tokens, _modality, [.. _starts], [.. _documents], _continues, counts));
        _tokens = new int[_options.SequenceLength];
        _modality = new byte[_options.SequenceLength];
        _starts.Clear();
        _documents.Clear();
        _fill = 0;
    }
}
