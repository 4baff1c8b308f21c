namespace Sluice.Operators.Torch;

/// <summary>
/// The all-MiniLM-L6-v2 weights taken from its ONNX export, keyed by the Hugging Face BERT parameter names
/// (<c>embeddings.word_embeddings.weight</c>, <c>encoder.layer.3.intermediate.dense.weight</c>, …), every linear weight in
/// PyTorch's [out, in] layout.
/// </summary>
/// <remarks>
/// The export names embeddings, biases and layer norms, but stores the 36 linear weights (6 layers × query, key, value,
/// attention output, intermediate, output) as unnamed MatMul operands in [in, out] layout. Each is named here by
/// following the graph: the MatMul that reads it feeds an Add whose other operand is a named bias
/// (<c>….query.bias</c>), and the weight takes that bias's name with <c>.weight</c>; it is then transposed.
/// </remarks>
internal sealed class MiniLmWeights
{
    /// <summary>Encoder layers of all-MiniLM-L6-v2.</summary>
    public const int Layers = 6;

    /// <summary>Hidden size.</summary>
    public const int Hidden = 384;

    /// <summary>Feed-forward size.</summary>
    public const int Intermediate = 1536;

    /// <summary>Attention heads (of 32 dimensions each).</summary>
    public const int Heads = 12;

    /// <summary>The linear layers of one encoder layer, in the order the export stores them, with their [out, in] shapes.</summary>
    public static readonly (string Name, int Out, int In)[] LayerLinears =
    [
        ("attention.self.query", Hidden, Hidden),
        ("attention.self.key", Hidden, Hidden),
        ("attention.self.value", Hidden, Hidden),
        ("attention.output.dense", Hidden, Hidden),
        ("intermediate.dense", Intermediate, Hidden),
        ("output.dense", Hidden, Intermediate),
    ];

    private readonly Dictionary<string, OnnxTensor> _tensors;

    private MiniLmWeights(Dictionary<string, OnnxTensor> tensors) => _tensors = tensors;

    /// <summary>Every tensor by name.</summary>
    public IReadOnlyDictionary<string, OnnxTensor> Tensors => _tensors;

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">The model has no such tensor.</exception>
    public OnnxTensor this[string name] => _tensors.TryGetValue(name, out var t) ? t
        : throw new InvalidDataException($"The MiniLM ONNX model has no weight '{name}'.");

    /// <summary>Reads and names the weights of a serialized all-MiniLM-L6-v2 ONNX model.</summary>
    /// <exception cref="InvalidDataException">The model is malformed, or a BERT weight is missing or misshapen.</exception>
    public static MiniLmWeights FromOnnx(ReadOnlySpan<byte> model)
    {
        var graph = OnnxGraphReader.Read(model);
        var byName = graph.Initializers.ToDictionary(t => t.Name);
        var tensors = graph.Initializers.Where(t => t.Name.EndsWith(".bias", StringComparison.Ordinal)
            || t.Name.EndsWith(".weight", StringComparison.Ordinal)).ToDictionary(t => t.Name);

        var addByInput = new Dictionary<string, OnnxNode>();
        foreach (var node in graph.Nodes.Where(n => n.OpType == "Add"))
            foreach (var input in node.Inputs)
                addByInput.TryAdd(input, node);

        foreach (var matMul in graph.Nodes.Where(n => n.OpType == "MatMul" && n.Inputs.Count == 2 && n.Outputs.Count == 1))
        {
            if (!byName.TryGetValue(matMul.Inputs[1], out var weight) || tensors.ContainsKey(weight.Name))
                continue;
            if (!addByInput.TryGetValue(matMul.Outputs[0], out var add))
                continue;
            var bias = add.Inputs.FirstOrDefault(i => i.EndsWith(".bias", StringComparison.Ordinal) && tensors.ContainsKey(i));
            if (bias is null || weight.Shape.Length != 2)
                continue;
            var name = bias[..^".bias".Length] + ".weight";
            tensors[name] = Transpose(weight, name);
        }

        var result = new MiniLmWeights(tensors);
        result.CheckShapes();
        return result;
    }

    /// <summary>
    /// Wraps already named tensors (PyTorch layout), such as a copy carried to another machine; the word-embedding table
    /// may hold any number of rows.
    /// </summary>
    /// <exception cref="InvalidDataException">A BERT weight is missing or misshapen.</exception>
    public static MiniLmWeights FromTensors(IEnumerable<OnnxTensor> tensors)
    {
        var result = new MiniLmWeights(tensors.ToDictionary(t => t.Name));
        result.CheckShapes();
        return result;
    }

    /// <summary>The name of linear weight <paramref name="linear"/> (see <see cref="LayerLinears"/>) of layer <paramref name="layer"/>.</summary>
    public static string LinearName(int layer, string linear) => $"encoder.layer.{layer}.{linear}.weight";

    private void CheckShapes()
    {
        Expect("embeddings.word_embeddings.weight", -1, Hidden);
        Expect("embeddings.position_embeddings.weight", 512, Hidden);
        Expect("embeddings.token_type_embeddings.weight", 2, Hidden);
        Expect("embeddings.LayerNorm.weight", Hidden);
        Expect("embeddings.LayerNorm.bias", Hidden);
        for (int l = 0; l < Layers; l++)
        {
            foreach (var (linear, outSize, inSize) in LayerLinears)
            {
                Expect(LinearName(l, linear), outSize, inSize);
                Expect($"encoder.layer.{l}.{linear}.bias", outSize);
            }
            foreach (var norm in new[] { "attention.output.LayerNorm", "output.LayerNorm" })
            {
                Expect($"encoder.layer.{l}.{norm}.weight", Hidden);
                Expect($"encoder.layer.{l}.{norm}.bias", Hidden);
            }
        }
    }

    private void Expect(string name, params long[] shape)
    {
        var t = this[name];
        bool ok = t.Shape.Length == shape.Length && t.Shape.Zip(shape).All(p => p.Second < 0 || p.First == p.Second);
        if (!ok)
            throw new InvalidDataException($"MiniLM weight '{name}' has shape {t.ShapeText}; expected [{string.Join(", ", shape)}].");
    }

    private static OnnxTensor Transpose(OnnxTensor t, string name)
    {
        int rows = (int)t.Shape[0], cols = (int)t.Shape[1];
        var values = new float[t.Values.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                values[c * rows + r] = t.Values[r * cols + c];
        return new OnnxTensor(name, [cols, rows], values);
    }
}
