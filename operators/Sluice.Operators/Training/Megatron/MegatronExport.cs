using Sluice.Pipelines.Sources;
using Sluice.Storage.Objects;

namespace Sluice.Operators.Training.Megatron;

/// <summary>
/// The single-rank step after a packing stage: concatenates the stage's packed sequences into one Megatron-LM indexed
/// dataset, <c>PREFIX.bin</c> + <c>PREFIX.idx</c>. Sequences are read in the dataset manifest's order, which is unit
/// order, and within a unit in sequence order, so the files are byte-identical whatever the number of ranks that
/// packed them. Packs must have one view (<see cref="PackOptions.Views"/> = 1; others are refused): Megatron shifts
/// targets itself.
/// </summary>
public static class MegatronExport
{
    /// <summary>
    /// Writes the dataset. Crash safety: the old <c>.idx</c> is deleted first, then the <c>.bin</c> and last the
    /// <c>.idx</c> are each written through the object store, which makes an object visible only whole (a local
    /// temporary file renamed, or an S3 multipart upload completed). So a <c>.idx</c> present always describes the
    /// <c>.bin</c> beside it, and an interrupted export leaves no <c>.idx</c>: rerun the step.
    /// </summary>
    /// <param name="packedUri">A finished dataset of <see cref="PackedSequence"/> records (Parquet, Arrow or JSONL).</param>
    /// <param name="outputUri">The folder to write into (local path, <c>file://</c> or <c>s3://</c>).</param>
    /// <param name="options">Vocabulary size (required), prefix and layout.</param>
    /// <param name="ct">Cancels the export; nothing half-written becomes visible.</param>
    /// <exception cref="FileNotFoundException"><paramref name="packedUri"/> is not a finished dataset.</exception>
    /// <exception cref="InvalidDataException">The sequences are out of order, were packed with views, a segment is
    /// malformed, or an id is outside the vocabulary; the message names the unit and sequence.</exception>
    public static async Task<MegatronExportResult> WriteAsync(string packedUri, string outputUri, MegatronExportOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var store = ObjectStores.Open(outputUri.TrimEnd('/'));
        string binKey = options.Prefix + ".bin", idxKey = options.Prefix + ".idx";
        await store.DeleteAsync(idxKey, ct);

        var bin = await store.OpenWriteAsync(binKey, ct);
        MegatronDatasetBuilder builder;
        long sequences;
        try
        {
            // The buffer is flushed, never disposed: disposing would dispose the object stream, which completes it.
            var buffered = new BufferedStream(bin, 1 << 20);
            builder = new MegatronDatasetBuilder(buffered, options.VocabularySize);
            sequences = await AddAllAsync(builder, packedUri, options.Layout, ct);
            await buffered.FlushAsync(ct);
            await bin.CompleteAsync(ct);
        }
        catch
        {
            // Abort before the stream is disposed: a disposed object stream makes its object visible.
            bin.Abort();
            throw;
        }
        finally
        {
            await bin.DisposeAsync();
        }
        var idx = await store.OpenWriteAsync(idxKey, ct);
        try
        {
            await builder.WriteIndexAsync(idx, ct);
            await idx.CompleteAsync(ct);
        }
        catch
        {
            idx.Abort();
            throw;
        }
        finally
        {
            await idx.DisposeAsync();
        }
        return new MegatronExportResult(ObjectStores.Join(store.RootUri, binKey), ObjectStores.Join(store.RootUri, idxKey), builder.TokenType,
            builder.Items, builder.Documents, builder.Tokens, sequences);
    }

    private static async Task<long> AddAllAsync(MegatronDatasetBuilder builder, string packedUri, MegatronLayout layout, CancellationToken ct)
    {
        long count = 0;
        string? unit = null;
        int expected = 0;
        bool open = false;
        await foreach (var s in DatasetReader.ReadAsync<PackedSequence>(packedUri, ct))
        {
            if (s.Unit != unit)
            {
                unit = s.Unit;
                expected = 0;
            }
            string where = $"unit {s.Unit} sequence {s.Index}";
            if (s.Index != expected++) throw new InvalidDataException($"{where}: expected sequence {expected - 1} (sequences out of order or missing)");
            count++;
            // With views, consecutive sequences share tokens: written as they are, the overlap would be duplicated.
            if (s.Views != 1) throw new InvalidDataException($"{where}: packed with {s.Views} views; the Megatron export takes packs of one view (Megatron shifts targets itself)");
            if (layout == MegatronLayout.Sequences)
            {
                await builder.AddItemAsync(s.Tokens, ct);
                builder.EndDocument();
                continue;
            }
            Check(s, where);
            for (int i = 0; i < s.SegmentStarts.Length; i++)
            {
                if (i == 0 && s.ContinuesDocument)
                {
                    if (!open || s.Index == 0) throw new InvalidDataException($"{where}: continues a document that no earlier sequence began");
                }
                else
                {
                    if (open) builder.EndDocument();
                    open = true;
                }
                int end = i + 1 < s.SegmentStarts.Length ? s.SegmentStarts[i + 1] : s.Length;
                await builder.AddItemAsync(s.Tokens.AsMemory(s.SegmentStarts[i], end - s.SegmentStarts[i]), ct);
            }
        }
        if (open) builder.EndDocument();
        return count;
    }

    private static void Check(PackedSequence s, string where)
    {
        if (s.Length < 1 || s.Length > s.Tokens.Length) throw new InvalidDataException($"{where}: length {s.Length} outside 1..{s.Tokens.Length}");
        if (s.SegmentStarts.Length == 0 || s.SegmentStarts[0] != 0) throw new InvalidDataException($"{where}: segments must start at 0");
        for (int i = 1; i < s.SegmentStarts.Length; i++)
            if (s.SegmentStarts[i] <= s.SegmentStarts[i - 1] || s.SegmentStarts[i] >= s.Length)
                throw new InvalidDataException($"{where}: segment starts must ascend inside the sequence's length");
    }
}
