using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Sluice.Operators.Dedup;

/// <summary>
/// Computes MinHash signatures and LSH band keys, following the rules of DataTrove's <c>MinhashDedupSignature</c>
/// (huggingface/datatrove src/datatrove/pipeline/dedup/minhash.py, commit a649de79c14a550dc90f48a15c025f2dd3fd3b57).
/// </summary>
/// <remarks>
/// <para>For one text:</para>
/// <list type="number">
/// <item>Words: <c>DedupText.Words(DedupText.Normalize(text))</c>.</item>
/// <item>Shingles: every run of <see cref="MinHashOptions.ShingleWords"/> (n) consecutive words; a text with fewer
/// than n words, but at least one, is one shingle of all its words.</item>
/// <item>Shingle hash x: XxHash64 (seed 0) of the UTF-8 bytes of the shingle's words joined by one space — the 64-bit
/// hash DataTrove's default <c>HashConfig</c> (xxhash, precision 64) uses.</item>
/// <item>Signature value i, for i below <see cref="MinHashOptions.HashCount"/>: the minimum over shingles of
/// (a_i·x + b_i) mod (2^61 − 1), with a_i in [1, p) and b_i in [0, p) drawn from SplitMix64 seeded with
/// <see cref="MinHashOptions.Seed"/> (<see cref="MinHashPermutations"/>). Every value is below 2^61 − 1.</item>
/// <item>Band key j: <see cref="BandKey"/> of values j·r … j·r + r − 1.</item>
/// </list>
/// <para>Instances are immutable and thread-safe; per-call buffers come from <see cref="ArrayPool{T}.Shared"/>.
/// bench/dedup/minhash_ref.py computes the same signatures in plain Python.</para>
/// </remarks>
public sealed class MinHashSigner
{
    private readonly MinHashPermutations _permutations;

    /// <summary>Creates a signer; the permutation parameters are drawn once here.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options fail <see cref="MinHashOptions.Validate"/>.</exception>
    public MinHashSigner(MinHashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _permutations = new MinHashPermutations(options.HashCount, options.Seed);
    }

    /// <summary>The options this signer was built with.</summary>
    public MinHashOptions Options { get; }

    /// <summary>The signature of <paramref name="text"/> (<see cref="MinHashOptions.HashCount"/> values), or null when
    /// its normalised form has no word at all (empty, whitespace or punctuation only).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public ulong[]? Sign(string text)
    {
        var signature = new ulong[Options.HashCount];
        return TrySign(text, signature) ? signature : null;
    }

    /// <summary>
    /// Writes the signature of <paramref name="text"/> into <paramref name="signature"/>; false, with
    /// <paramref name="signature"/> left unspecified, when the text has no word. Allocates nothing: the working
    /// buffers (characters, UTF-8, word offsets, shingle hashes) are rented from the shared array pools.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="signature"/>'s length is not <see cref="MinHashOptions.HashCount"/>.</exception>
    public bool TrySign(string text, Span<ulong> signature)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (signature.Length != Options.HashCount)
            throw new ArgumentException($"The signature span must hold HashCount = {Options.HashCount} values (got {signature.Length}).", nameof(signature));

        var chars = ArrayPool<char>.Shared.Rent(Math.Max(64, text.Length + (text.Length >> 3)));
        byte[]? bytes = null;
        int[]? wordStarts = null;
        ulong[]? shingles = null;
        try
        {
            var charCount = DedupNormalizer.NormalizeInto(text, ref chars, spaceCharWords: true);
            if (charCount == 0) return false;
            bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(charCount));
            var utf8 = bytes.AsSpan(0, Encoding.UTF8.GetBytes(chars.AsSpan(0, charCount), bytes));

            // Words are separated by exactly one space (0x20, never inside a multi-byte UTF-8 sequence): record
            // where each starts, and one past the end as if a space followed the last, so word k ends at start[k+1] − 1.
            wordStarts = ArrayPool<int>.Shared.Rent(utf8.Length / 2 + 2);
            var words = 0;
            wordStarts[words++] = 0;
            for (var at = utf8.IndexOf((byte)' '); at >= 0;)
            {
                wordStarts[words++] = at + 1;
                var next = utf8[(at + 1)..].IndexOf((byte)' ');
                at = next < 0 ? -1 : at + 1 + next;
            }
            wordStarts[words] = utf8.Length + 1;

            var n = Options.ShingleWords;
            var count = words >= n ? words - n + 1 : 1;
            var span = Math.Min(n, words);
            shingles = ArrayPool<ulong>.Shared.Rent(count);
            for (var k = 0; k < count; k++)
            {
                var start = wordStarts[k];
                var end = wordStarts[k + span] - 1;
                shingles[k] = MinHashPermutations.Reduce(XxHash64.HashToUInt64(utf8[start..end]));
            }
            _permutations.MinInto(shingles.AsSpan(0, count), signature);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            if (bytes is not null) ArrayPool<byte>.Shared.Return(bytes);
            if (wordStarts is not null) ArrayPool<int>.Shared.Return(wordStarts);
            if (shingles is not null) ArrayPool<ulong>.Shared.Return(shingles);
        }
    }

    /// <summary>
    /// The LSH bucket key of band <paramref name="band"/>: XxHash64, seeded with the band index, of the band's
    /// <paramref name="rowsPerBand"/> values as little-endian 64-bit integers. The seed keeps equal values in
    /// different bands apart, so keys of all bands may share one table.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="rowsPerBand"/> is below 1, or <paramref name="band"/> is negative or past the signature's end.
    /// </exception>
    public static ulong BandKey(ReadOnlySpan<ulong> signature, int band, int rowsPerBand)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerBand, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(band);
        if ((long)(band + 1) * rowsPerBand > signature.Length)
            throw new ArgumentOutOfRangeException(nameof(band), band, $"Band {band} of {rowsPerBand} rows lies past the end of a {signature.Length}-value signature.");
        var rows = signature.Slice(band * rowsPerBand, rowsPerBand);
        Span<byte> bytes = stackalloc byte[8 * 64];
        // Hash in stack-sized pieces; a band of up to 64 rows (every recipe) is one piece.
        if (rows.Length <= 64)
        {
            for (var i = 0; i < rows.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes[(8 * i)..], rows[i]);
            return XxHash64.HashToUInt64(bytes[..(8 * rows.Length)], band);
        }
        var hasher = new XxHash64(band);
        for (var i = 0; i < rows.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, rows[i]);
            hasher.Append(bytes[..8]);
        }
        return hasher.GetCurrentHashAsUInt64();
    }

    /// <summary>The fraction of positions at which <paramref name="a"/> and <paramref name="b"/> agree: the MinHash
    /// estimate of the Jaccard similarity of the two texts' shingle sets.</summary>
    /// <exception cref="ArgumentException">The signatures differ in length or are empty.</exception>
    public static double EstimateJaccard(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length != b.Length || a.Length == 0)
            throw new ArgumentException($"Signatures must be non-empty and of equal length (got {a.Length} and {b.Length}).", nameof(b));
        var equal = 0;
        for (var i = 0; i < a.Length; i++)
            if (a[i] == b[i]) equal++;
        return (double)equal / a.Length;
    }
}
