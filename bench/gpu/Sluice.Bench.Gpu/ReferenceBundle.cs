using Sluice.Operators.Models.Embedding;
using Sluice.Operators.Models.Tests.Embedding;
using Sluice.Operators.Torch;

namespace Sluice.Bench.Gpu;

/// <summary>
/// What the GPU run needs, made here beforehand: the MiniLM weights in float16 (the word-embedding table cut to the
/// rows the reference texts use, so the tarball stays under the 64 MiB the device run may carry), the reference texts
/// as token ids remapped to that table, and their ONNX Runtime (CPU, float32) embeddings as the reference.
/// </summary>
internal sealed record ReferenceBundle(MiniLmWeights Weights, int[][] TokenIds, float[] Reference)
{
    private const string FileName = "bundle.bin";
    private const string Magic = "sluice-minilm-bundle-1";
    private const string WordEmbeddings = "embeddings.word_embeddings.weight";

    /// <summary>Real texts: SciFact claims and abstracts, a non-ASCII text and one long enough to be truncated.</summary>
    public static string[] Texts => [.. SampleTexts.SciFact, .. SampleTexts.Unicode, SampleTexts.LongAbstract];

    /// <summary>Rows of the carried word-embedding table; benchmark token ids are drawn below this.</summary>
    public int VocabRows => (int)Weights[WordEmbeddings].Shape[0];

    /// <summary>Tokenizes <see cref="Texts"/>, embeds them with ONNX Runtime and writes the bundle into <paramref name="dir"/>.</summary>
    public static void Write(string dir)
    {
        using var onnx = new MiniLmEmbedder();
        var tokens = onnx.Tokenize(Texts);
        var reference = onnx.EmbedTokens(tokens);
        var ids = TorchMiniLmEmbedder.TokenIds(tokens);
        var used = ids.SelectMany(r => r).Distinct().Order().ToArray();
        var remap = used.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);

        var weights = TorchMiniLmEmbedder.LoadPackagedWeights();
        Directory.CreateDirectory(dir);
        using var w = new BinaryWriter(File.Create(Path.Combine(dir, FileName)));
        w.Write(Magic);
        w.Write(weights.Tensors.Count);
        foreach (var t in weights.Tensors.Values)
        {
            var (shape, values) = t.Name == WordEmbeddings ? CutRows(t, used) : (t.Shape, t.Values);
            w.Write(t.Name);
            w.Write(shape.Length);
            foreach (var d in shape)
                w.Write(d);
            foreach (var v in values)
                w.Write((Half)v);
        }
        w.Write(ids.Length);
        foreach (var row in ids)
        {
            w.Write(row.Length);
            foreach (var id in row)
                w.Write(remap[id]);
        }
        foreach (var v in reference)
            w.Write(v);
    }

    /// <summary>Reads the bundle that <see cref="Write"/> put in <paramref name="dir"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not such a bundle.</exception>
    public static ReferenceBundle Read(string dir)
    {
        using var r = new BinaryReader(File.OpenRead(Path.Combine(dir, FileName)));
        if (r.ReadString() != Magic)
            throw new InvalidDataException($"{Path.Combine(dir, FileName)} is not a {Magic} file.");
        var tensors = new List<OnnxTensor>();
        for (int n = r.ReadInt32(); n > 0; n--)
        {
            var name = r.ReadString();
            var shape = new long[r.ReadInt32()];
            for (int i = 0; i < shape.Length; i++)
                shape[i] = r.ReadInt64();
            var values = new float[shape.Aggregate(1L, (a, d) => a * d)];
            for (int i = 0; i < values.Length; i++)
                values[i] = (float)r.ReadHalf();
            tensors.Add(new OnnxTensor(name, shape, values));
        }
        var ids = new int[r.ReadInt32()][];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = new int[r.ReadInt32()];
            for (int j = 0; j < ids[i].Length; j++)
                ids[i][j] = r.ReadInt32();
        }
        var reference = new float[ids.Length * TorchMiniLmEmbedder.Dimensions];
        for (int i = 0; i < reference.Length; i++)
            reference[i] = r.ReadSingle();
        return new ReferenceBundle(MiniLmWeights.FromTensors(tensors), ids, reference);
    }

    private static (long[] Shape, float[] Values) CutRows(OnnxTensor t, int[] rows)
    {
        int width = (int)t.Shape[1];
        var values = new float[rows.Length * width];
        for (int i = 0; i < rows.Length; i++)
            Array.Copy(t.Values, rows[i] * width, values, i * width, width);
        return ([rows.Length, width], values);
    }
}
