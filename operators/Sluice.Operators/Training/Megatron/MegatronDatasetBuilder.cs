using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Sluice.Operators.Training.Megatron;

/// <summary>
/// Builds a Megatron-LM indexed dataset (the MMIDIDX format): token ids go straight to the <c>.bin</c> stream,
/// item sizes and document ends are kept, and <see cref="WriteIndexAsync"/> writes the <c>.idx</c>. The layout follows
/// Megatron-LM's <c>_IndexWriter</c>/<c>IndexedDatasetBuilder</c> (<c>megatron/core/datasets/indexed_dataset.py</c>,
/// commit 00caa53af30912914981c86f39db123961678bbd): all little-endian,
/// <list type="number">
/// <item>the 9 magic bytes <c>MMIDIDX\0\0</c>, a u64 version 1, a u8 dtype code (<see cref="MegatronTokenType"/>);</item>
/// <item>a u64 item ("sequence") count S and a u64 document-index count D;</item>
/// <item>S int32 item sizes in tokens, S int64 byte offsets of the items in the <c>.bin</c>, D int64 document indices:
/// 0, then after each document the number of items so far (so D is documents + 1).</item>
/// </list>
/// The <c>.bin</c> is the items' ids back to back in the dtype, nothing else.
/// </summary>
public sealed class MegatronDatasetBuilder
{
    /// <summary>The first bytes of every <c>.idx</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "MMIDIDX\0\0"u8;

    /// <summary>The only index version Megatron-LM reads.</summary>
    public const ulong Version = 1;

    /// <summary>Megatron-LM's cut-off: vocabularies below it are stored as uint16.</summary>
    public const int UInt16VocabularyLimit = 65500;

    private readonly Stream _bin;
    private readonly List<int> _sizes = [];
    private readonly List<long> _documentIndices = [0];
    private byte[] _buffer = new byte[1 << 16];

    /// <summary>A builder writing ids below <paramref name="vocabularySize"/> to <paramref name="bin"/>, in the width
    /// <see cref="TokenTypeFor"/> picks for that vocabulary.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The vocabulary size is below 1.</exception>
    public MegatronDatasetBuilder(Stream bin, int vocabularySize)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the MMIDIDX writer assumes a little-endian machine");
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        _bin = bin;
        VocabularySize = vocabularySize;
        TokenType = TokenTypeFor(vocabularySize);
    }

    /// <summary>One past the highest id accepted.</summary>
    public int VocabularySize { get; }

    /// <summary>The width tokens are written in.</summary>
    public MegatronTokenType TokenType { get; }

    /// <summary>Items added (Megatron's sequence count).</summary>
    public int Items => _sizes.Count;

    /// <summary>Documents ended.</summary>
    public int Documents => _documentIndices.Count - 1;

    /// <summary>Tokens written to the <c>.bin</c>.</summary>
    public long Tokens { get; private set; }

    /// <summary>The width for a vocabulary of <paramref name="vocabularySize"/> ids: uint16 below 65,500 ids, else int32
    /// (Megatron-LM's <c>DType.optimal_dtype</c>).</summary>
    public static MegatronTokenType TokenTypeFor(int vocabularySize) =>
        vocabularySize < UInt16VocabularyLimit ? MegatronTokenType.UInt16 : MegatronTokenType.Int32;

    /// <summary>Appends one item (a run of one document's tokens) to the <c>.bin</c>.</summary>
    /// <exception cref="InvalidDataException">An id is negative or not below <see cref="VocabularySize"/> (a packed
    /// dataset made with another tokenizer).</exception>
    public async ValueTask AddItemAsync(ReadOnlyMemory<int> tokens, CancellationToken ct = default)
    {
        int width = TokenType == MegatronTokenType.UInt16 ? 2 : 4;
        if (_buffer.Length < tokens.Length * width) _buffer = new byte[tokens.Length * width];
        Encode(tokens.Span, _buffer);
        await _bin.WriteAsync(_buffer.AsMemory(0, tokens.Length * width), ct);
        _sizes.Add(tokens.Length);
        Tokens += tokens.Length;
    }

    /// <summary>Ends the current document: the items added since the last end form one document.</summary>
    /// <exception cref="InvalidOperationException">No item was added since the last end (an empty document).</exception>
    public void EndDocument()
    {
        if (_documentIndices[^1] == _sizes.Count) throw new InvalidOperationException("a document must hold at least one item");
        _documentIndices.Add(_sizes.Count);
    }

    /// <summary>Writes the <c>.idx</c> describing every item and document added.</summary>
    /// <exception cref="InvalidOperationException">Items were added after the last <see cref="EndDocument"/>.</exception>
    public async Task WriteIndexAsync(Stream idx, CancellationToken ct = default)
    {
        if (_documentIndices[^1] != _sizes.Count) throw new InvalidOperationException("the last document was not ended");
        int width = TokenType == MegatronTokenType.UInt16 ? 2 : 4;
        var header = new byte[Magic.Length + 8 + 1 + 8 + 8];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(9), Version);
        header[17] = (byte)TokenType;
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(18), (ulong)_sizes.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(26), (ulong)_documentIndices.Count);
        await idx.WriteAsync(header, ct);
        await idx.WriteAsync(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_sizes)).ToArray(), ct);
        var pointers = new long[_sizes.Count];
        long pointer = 0;
        for (int i = 0; i < pointers.Length; i++)
        {
            pointers[i] = pointer;
            pointer += (long)_sizes[i] * width;
        }
        await idx.WriteAsync(MemoryMarshal.AsBytes(pointers.AsSpan()).ToArray(), ct);
        await idx.WriteAsync(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_documentIndices)).ToArray(), ct);
    }

    private void Encode(ReadOnlySpan<int> tokens, Span<byte> into)
    {
        foreach (var t in tokens)
            if ((uint)t >= (uint)VocabularySize) throw new InvalidDataException($"token id {t} is outside the vocabulary of {VocabularySize} ids (packed with another tokenizer?)");
        if (TokenType == MegatronTokenType.Int32)
        {
            MemoryMarshal.AsBytes(tokens).CopyTo(into);
            return;
        }
        var narrow = MemoryMarshal.Cast<byte, ushort>(into);
        for (int i = 0; i < tokens.Length; i++) narrow[i] = (ushort)tokens[i];
    }
}
