using System.Text;

namespace Sluice.Operators.Llama.Tests;

/// <summary>
/// Writes a tiny random-weight llama model as GGUF v3 (2 layers, 64 wide, 259 tokens: &lt;unk&gt; &lt;s&gt; &lt;/s&gt; and
/// the 256 byte tokens of a SentencePiece vocabulary, so any text tokenizes). About 450 KB of float32.
/// </summary>
internal static class TinyGguf
{
    private const int Embd = 64, Ff = 128, Layers = 2, Heads = 4, Vocab = 259, Alignment = 32;

    public static string Write(string path, int seed = 1)
    {
        var random = new Random(seed);
        var tensors = new List<(string Name, long[] Dims, float[] Data)>();
        float[] Rand(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();
        tensors.Add(("token_embd.weight", [Embd, Vocab], Rand(Embd * Vocab, 0.5)));
        for (var i = 0; i < Layers; i++)
        {
            tensors.Add(($"blk.{i}.attn_norm.weight", [Embd], Ones(Embd)));
            tensors.Add(($"blk.{i}.attn_q.weight", [Embd, Embd], Rand(Embd * Embd, 0.1)));
            tensors.Add(($"blk.{i}.attn_k.weight", [Embd, Embd], Rand(Embd * Embd, 0.1)));
            tensors.Add(($"blk.{i}.attn_v.weight", [Embd, Embd], Rand(Embd * Embd, 0.1)));
            tensors.Add(($"blk.{i}.attn_output.weight", [Embd, Embd], Rand(Embd * Embd, 0.1)));
            tensors.Add(($"blk.{i}.ffn_norm.weight", [Embd], Ones(Embd)));
            tensors.Add(($"blk.{i}.ffn_gate.weight", [Embd, Ff], Rand(Embd * Ff, 0.1)));
            tensors.Add(($"blk.{i}.ffn_up.weight", [Embd, Ff], Rand(Embd * Ff, 0.1)));
            tensors.Add(($"blk.{i}.ffn_down.weight", [Ff, Embd], Rand(Embd * Ff, 0.1)));
        }
        tensors.Add(("output_norm.weight", [Embd], Ones(Embd)));
        tensors.Add(("output.weight", [Embd, Vocab], Rand(Embd * Vocab, 0.5)));

        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        tokens.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        var types = new List<int> { 2, 3, 3 };
        types.AddRange(Enumerable.Repeat(6, 256));

        using var file = File.Create(path);
        using var w = new BinaryWriter(file, Encoding.UTF8);
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)tensors.Count);
        var kvs = new List<Action>
        {
            () => Str("general.architecture", "llama"),
            () => Str("general.name", "sluice-tiny-random"),
            () => U32("general.alignment", Alignment),
            () => U32("llama.context_length", 4096),
            () => U32("llama.embedding_length", Embd),
            () => U32("llama.block_count", Layers),
            () => U32("llama.feed_forward_length", Ff),
            () => U32("llama.attention.head_count", Heads),
            () => U32("llama.attention.head_count_kv", Heads),
            () => U32("llama.rope.dimension_count", Embd / Heads),
            () => { Key("llama.attention.layer_norm_rms_epsilon"); w.Write(6u); w.Write(1e-5f); },
            () => Str("tokenizer.ggml.model", "llama"),
            () => { Key("tokenizer.ggml.tokens"); w.Write(9u); w.Write(8u); w.Write((ulong)tokens.Count); foreach (var t in tokens) S(t); },
            () => { Key("tokenizer.ggml.scores"); w.Write(9u); w.Write(6u); w.Write((ulong)tokens.Count); foreach (var _ in tokens) w.Write(0f); },
            () => { Key("tokenizer.ggml.token_type"); w.Write(9u); w.Write(5u); w.Write((ulong)types.Count); foreach (var t in types) w.Write(t); },
            () => U32("tokenizer.ggml.unknown_token_id", 0),
            () => U32("tokenizer.ggml.bos_token_id", 1),
            () => U32("tokenizer.ggml.eos_token_id", 2),
        };
        w.Write((ulong)kvs.Count);
        foreach (var kv in kvs) kv();
        ulong offset = 0;
        foreach (var (name, dims, data) in tensors)
        {
            S(name);
            w.Write((uint)dims.Length);
            foreach (var d in dims) w.Write((ulong)d);
            w.Write(0u); // F32
            w.Write(offset);
            offset += Align((ulong)data.Length * 4);
        }
        Pad();
        foreach (var (_, _, data) in tensors)
        {
            foreach (var f in data) w.Write(f);
            Pad();
        }
        return path;

        void S(string s) { var b = Encoding.UTF8.GetBytes(s); w.Write((ulong)b.Length); w.Write(b); }
        void Key(string k) => S(k);
        void Str(string k, string v) { Key(k); w.Write(8u); S(v); }
        void U32(string k, uint v) { Key(k); w.Write(4u); w.Write(v); }
        void Pad() { w.Flush(); while (file.Position % Alignment != 0) w.Write((byte)0); }
        static ulong Align(ulong n) => (n + Alignment - 1) / Alignment * Alignment;
    }
}
