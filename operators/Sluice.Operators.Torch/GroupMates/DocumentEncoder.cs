namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// Document vectors h for Group-MATES: a document is cut into chunks of whitespace words, each chunk is embedded with
/// all-MiniLM-L6-v2 (<see cref="TorchMiniLmEmbedder"/>), and the chunk vectors are averaged and re-normalised.
/// </summary>
public static class DocumentEncoder
{
    /// <summary>Row-major [n × 384] unit vectors of <paramref name="texts"/>.</summary>
    /// <param name="embedder">An embedder (opened on first use).</param>
    /// <param name="texts">The documents.</param>
    /// <param name="chunkWords">Words per chunk. Default 200 (MiniLM reads at most 256 tokens).</param>
    /// <param name="maxChunks">Chunks per document at most (the first ones). Default 8.</param>
    /// <param name="ct">Cancels between batches.</param>
    public static float[] Encode(TorchMiniLmEmbedder embedder, IReadOnlyList<string> texts, int chunkWords = 200, int maxChunks = 8, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        if (chunkWords < 1) throw new ArgumentOutOfRangeException(nameof(chunkWords), chunkWords, "chunkWords must be at least 1.");
        if (maxChunks < 1) throw new ArgumentOutOfRangeException(nameof(maxChunks), maxChunks, "maxChunks must be at least 1.");
        const int d = TorchMiniLmEmbedder.Dimensions;
        var chunks = new List<string>();
        var owner = new List<int>();
        for (int i = 0; i < texts.Count; i++)
        {
            var words = texts[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int count = Math.Max(1, Math.Min(maxChunks, (words.Length + chunkWords - 1) / chunkWords));
            for (int c = 0; c < count; c++)
            {
                chunks.Add(string.Join(' ', words.Skip(c * chunkWords).Take(chunkWords)));
                owner.Add(i);
            }
        }
        var embedded = embedder.EmbedToMatrix(chunks, ct);
        var result = new float[texts.Count * d];
        for (int c = 0; c < chunks.Count; c++)
            System.Numerics.Tensors.TensorPrimitives.Add(result.AsSpan(owner[c] * d, d), embedded.AsSpan(c * d, d), result.AsSpan(owner[c] * d, d));
        for (int i = 0; i < texts.Count; i++)
        {
            var row = result.AsSpan(i * d, d);
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
        }
        return result;
    }
}
