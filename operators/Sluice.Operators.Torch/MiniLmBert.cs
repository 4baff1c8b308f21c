using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sluice.Operators.Torch;

/// <summary>
/// The all-MiniLM-L6-v2 BERT encoder written with TorchSharp: embeddings, 6 post-norm encoder layers (12-head attention,
/// exact GELU), then mean pooling over the attention mask and L2 normalisation, as sentence-transformers does.
/// </summary>
/// <remarks>Weights live on one device in one dtype; the caller owns disposal and runs each batch in a dispose scope.</remarks>
internal sealed class MiniLmBert : IDisposable
{
    private const double LayerNormEps = 1e-12;
    private readonly Dictionary<string, Tensor> _w = new();
    private readonly long[] _hiddenShape = [MiniLmWeights.Hidden];

    /// <summary>Copies <paramref name="weights"/> to <paramref name="device"/> as <paramref name="dtype"/>.</summary>
    public MiniLmBert(MiniLmWeights weights, Device device, ScalarType dtype)
    {
        Device = device;
        DType = dtype;
        try
        {
            foreach (var (name, t) in weights.Tensors)
            {
                using var cpu = tensor(t.Values, t.Shape);
                var moved = cpu.to(dtype, device);
                moved.requires_grad_(false);
                _w[name] = moved.DetachFromDisposeScope();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The device the weights are on.</summary>
    public Device Device { get; }

    /// <summary>The weights' dtype.</summary>
    public ScalarType DType { get; }

    /// <summary>
    /// Encodes <paramref name="ids"/> ([batch, tokens] int64 on <see cref="Device"/>) under <paramref name="mask"/>
    /// ([batch, tokens] bool, true for real tokens) into [batch, 384] float32 unit vectors.
    /// </summary>
    public Tensor Forward(Tensor ids, Tensor mask)
    {
        long batch = ids.shape[0], width = ids.shape[1];
        var positions = arange(width, dtype: ScalarType.Int64, device: Device);
        var x = _w["embeddings.word_embeddings.weight"].index_select(0, ids.reshape(-1)).view(batch, width, -1)
            + _w["embeddings.position_embeddings.weight"].index_select(0, positions).unsqueeze(0)
            + _w["embeddings.token_type_embeddings.weight"][0];
        x = Norm(x, "embeddings.LayerNorm");

        // [batch, 1, 1, tokens]: every query may attend to the real tokens of its own text.
        var attend = mask.view(batch, 1, 1, width);
        for (int l = 0; l < MiniLmWeights.Layers; l++)
            x = Layer(x, attend, $"encoder.layer.{l}.", batch, width);

        var m = mask.unsqueeze(-1).to(ScalarType.Float32);
        var summed = (x.to(ScalarType.Float32) * m).sum(1);
        var pooled = summed / m.sum(1).clamp_min(1e-9);
        return F.normalize(pooled, p: 2, dim: 1, eps: 1e-12);
    }

    private Tensor Layer(Tensor x, Tensor attend, string prefix, long batch, long width)
    {
        const int heads = MiniLmWeights.Heads;
        const int headDim = MiniLmWeights.Hidden / heads;
        Tensor Heads(string name) => Linear(x, prefix + name).view(batch, width, heads, headDim).transpose(1, 2);
        var context = F.scaled_dot_product_attention(
            Heads("attention.self.query"), Heads("attention.self.key"), Heads("attention.self.value"), attend);
        context = context.transpose(1, 2).reshape(batch, width, MiniLmWeights.Hidden);
        x = Norm(x + Linear(context, prefix + "attention.output.dense"), prefix + "attention.output.LayerNorm");
        var inner = F.gelu(Linear(x, prefix + "intermediate.dense"));
        return Norm(x + Linear(inner, prefix + "output.dense"), prefix + "output.LayerNorm");
    }

    private Tensor Linear(Tensor x, string name) => F.linear(x, _w[name + ".weight"], _w[name + ".bias"]);

    private Tensor Norm(Tensor x, string name)
        => F.layer_norm(x, _hiddenShape, _w[name + ".weight"], _w[name + ".bias"], LayerNormEps);

    /// <summary>Frees the device copies of the weights.</summary>
    public void Dispose()
    {
        foreach (var t in _w.Values)
            t.Dispose();
        _w.Clear();
    }
}
