using Microsoft.ML.Tokenizers;

namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// Tokens for the probe LM: GPT-2 BPE (Microsoft.ML.Tokenizers with the Gpt2 data package), optionally mapped onto a
/// compact vocabulary of the most frequent GPT-2 ids of a corpus sample (id 0 stands for every other id), which keeps
/// the output softmax of a tiny CPU model small.
/// </summary>
/// <remarks>Thread-safe once created.</remarks>
public sealed class ProbeTokenizer
{
    private static readonly Lazy<Tokenizer> s_gpt2 = new(() => TiktokenTokenizer.CreateForModel("gpt2"));
    private readonly int[]? _gpt2ToCompact;

    private ProbeTokenizer(int[]? compactToGpt2)
    {
        CompactToGpt2 = compactToGpt2;
        if (compactToGpt2 is null) return;
        _gpt2ToCompact = new int[50257];
        for (int c = 1; c < compactToGpt2.Length; c++) _gpt2ToCompact[compactToGpt2[c]] = c;
    }

    /// <summary>Ids 0..VocabularySize−1.</summary>
    public int VocabularySize => CompactToGpt2?.Count ?? 50257;

    /// <summary>For a compact tokenizer, the GPT-2 id of each compact id (entry 0, the unknown id, is -1); <c>null</c> for full GPT-2.</summary>
    public IReadOnlyList<int>? CompactToGpt2 { get; }

    /// <summary>The full GPT-2 vocabulary (50,257 ids).</summary>
    public static ProbeTokenizer Gpt2() => new(null);

    /// <summary>A compact vocabulary: id 0 for unknown, then the <paramref name="vocabularySize"/> − 1 most frequent GPT-2 ids of <paramref name="sample"/> (ties to the lower id).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="vocabularySize"/> is below 2.</exception>
    public static ProbeTokenizer Compact(IEnumerable<string> sample, int vocabularySize)
    {
        if (vocabularySize < 2) throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize, "vocabularySize must be at least 2.");
        var counts = new long[50257];
        foreach (var text in sample)
            foreach (var id in s_gpt2.Value.EncodeToIds(text)) counts[id]++;
        var top = Enumerable.Range(0, counts.Length).Where(i => counts[i] > 0).OrderByDescending(i => counts[i]).ThenBy(i => i)
            .Take(vocabularySize - 1);
        return new ProbeTokenizer([-1, .. top]);
    }

    /// <summary>Reads a vocabulary written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not such a vocabulary.</exception>
    public static ProbeTokenizer Load(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != "gpt2" && lines[0] != "gpt2-compact")
            throw new InvalidDataException($"{path} is not a probe tokenizer vocabulary (first line 'gpt2' or 'gpt2-compact').");
        return lines[0] == "gpt2" ? Gpt2() : new ProbeTokenizer([-1, .. lines.Skip(2).Select(int.Parse)]);
    }

    /// <summary>Writes the vocabulary: "gpt2", or "gpt2-compact" then one GPT-2 id per line.</summary>
    public void Save(string path) =>
        File.WriteAllLines(path, CompactToGpt2 is null ? ["gpt2"] : ["gpt2-compact", .. CompactToGpt2.Select(i => i.ToString())]);

    /// <summary>The ids of <paramref name="text"/>.</summary>
    public int[] Encode(string text)
    {
        var ids = s_gpt2.Value.EncodeToIds(text);
        var result = new int[ids.Count];
        for (int i = 0; i < result.Length; i++) result[i] = _gpt2ToCompact is null ? ids[i] : _gpt2ToCompact[ids[i]];
        return result;
    }

    /// <summary>The text of the first <paramref name="length"/> GPT-2 tokens of <paramref name="text"/>: what a training sequence cut from it reads.</summary>
    public static string SequenceText(string text, int length)
    {
        var ids = s_gpt2.Value.EncodeToIds(text);
        return s_gpt2.Value.Decode(ids.Take(length)) ?? "";
    }

    /// <summary>
    /// The first <paramref name="length"/> ids of <paramref name="text"/> as one training sequence; <c>null</c> with a
    /// reason when the text is shorter than a training sequence.
    /// </summary>
    public int[]? Sequence(string text, int length, out string? rejectReason)
    {
        var ids = Encode(text);
        if (ids.Length < length)
        {
            rejectReason = $"document has {ids.Length} tokens, shorter than a training sequence of {length}";
            return null;
        }
        rejectReason = null;
        return ids[..length];
    }
}
