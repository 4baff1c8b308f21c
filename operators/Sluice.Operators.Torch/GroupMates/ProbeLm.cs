using System.Text;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sluice.Operators.Torch.GroupMates;

/// <summary>
/// The probe model of Group-MATES: a tiny GPT-style decoder (learned positions, pre-norm blocks of causal multi-head
/// attention and a 4× GELU MLP, output head tied to the token embedding) with its AdamW state. Its checkpoint
/// (weights and optimizer moments) is what the oracle probes.
/// </summary>
/// <remarks>Not thread-safe. Weights are initialised from a seeded <see cref="Random"/>, so a model is the same on every machine.</remarks>
public sealed class ProbeLm : IDisposable
{
    private const string Magic = "SLUICE-PROBE-LM-1";
    private readonly List<(string Name, Tensor Value)> _parameters = [];
    private readonly Dictionary<string, Tensor> _w = [];
    private readonly Tensor _causal;

    private ProbeLm(ProbeLmOptions options, Device device, Random? init)
    {
        options.Validate();
        Options = options;
        Device = device;
        int v = options.VocabularySize, w = options.Width, c = options.Context;
        double residual = 0.02 / Math.Sqrt(2 * options.Depth);
        Add("tok", [v, w], init, 0.02);
        Add("pos", [c, w], init, 0.02);
        for (int l = 0; l < options.Depth; l++)
        {
            Add($"b{l}.ln1.w", [w], null, 1); Add($"b{l}.ln1.b", [w], null, 0);
            Add($"b{l}.qkv.w", [3 * w, w], init, 0.02); Add($"b{l}.qkv.b", [3 * w], null, 0);
            Add($"b{l}.proj.w", [w, w], init, residual); Add($"b{l}.proj.b", [w], null, 0);
            Add($"b{l}.ln2.w", [w], null, 1); Add($"b{l}.ln2.b", [w], null, 0);
            Add($"b{l}.fc.w", [4 * w, w], init, 0.02); Add($"b{l}.fc.b", [4 * w], null, 0);
            Add($"b{l}.out.w", [w, 4 * w], init, residual); Add($"b{l}.out.b", [w], null, 0);
        }
        Add("lnf.w", [w], null, 1); Add("lnf.b", [w], null, 0);
        _causal = ones(c, c, dtype: ScalarType.Bool, device: device).tril().DetachFromDisposeScope();
        Optimizer = new AdamWState(_parameters.Select(p => p.Value).ToArray());
    }

    /// <summary>The model's shape.</summary>
    public ProbeLmOptions Options { get; }

    /// <summary>Where the weights live.</summary>
    public Device Device { get; }

    /// <summary>AdamW steps taken since creation (restored with a checkpoint).</summary>
    public long Steps => Optimizer.Step;

    internal AdamWState Optimizer { get; }

    /// <summary>A freshly initialised model with a zero AdamW state.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for and is not available.</exception>
    public static ProbeLm Create(ProbeLmOptions options, int seed, TorchDeviceKind device = TorchDeviceKind.Cpu)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new ProbeLm(options, TorchDevices.Resolve(device), new Random(seed));
    }

    /// <summary>Loads a checkpoint written by <see cref="Save"/>: weights, AdamW moments and step.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="expected">When given, the shape the caller expects; a checkpoint of another shape is refused.</param>
    /// <param name="device">Where to put the weights.</param>
    /// <exception cref="InvalidDataException">The file is not a probe LM checkpoint, or is one of another shape than <paramref name="expected"/>.</exception>
    public static ProbeLm Load(string path, ProbeLmOptions? expected = null, TorchDeviceKind device = TorchDeviceKind.Cpu)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        string magic;
        try { magic = reader.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or IOException) { throw new InvalidDataException($"{path} is not a probe LM checkpoint.", e); }
        if (magic != Magic) throw new InvalidDataException($"{path} is not a probe LM checkpoint (expected header '{Magic}').");
        var saved = new ProbeLmOptions
        {
            VocabularySize = reader.ReadInt32(), Width = reader.ReadInt32(), Depth = reader.ReadInt32(),
            Heads = reader.ReadInt32(), Context = reader.ReadInt32(),
        };
        if (expected is not null && expected != saved)
            throw new InvalidDataException($"checkpoint {path} holds a probe LM of {saved.Describe()}; this run expects {expected.Describe()}.");
        var model = new ProbeLm(saved, TorchDevices.Resolve(device), null);
        try
        {
            int count = reader.ReadInt32();
            if (count != model._parameters.Count)
                throw new InvalidDataException($"checkpoint {path} has {count} tensors; a probe LM of {saved.Describe()} has {model._parameters.Count}.");
            model.Optimizer.Step = reader.ReadInt64();
            using var _ = no_grad();
            for (int i = 0; i < count; i++)
            {
                var (name, value) = model._parameters[i];
                var savedName = reader.ReadString();
                if (savedName != name) throw new InvalidDataException($"checkpoint {path}: tensor {i} is '{savedName}', expected '{name}'.");
                foreach (var target in new[] { value, model.Optimizer.M[i], model.Optimizer.V[i] })
                {
                    var floats = new float[reader.ReadInt32()];
                    if (floats.Length != value.numel())
                        throw new InvalidDataException($"checkpoint {path}: '{name}' has {floats.Length} values; expected {value.numel()} ({string.Join('×', value.shape)}).");
                    for (int k = 0; k < floats.Length; k++) floats[k] = reader.ReadSingle();
                    using var cpu = tensor(floats, value.shape);
                    target.copy_(cpu);
                }
            }
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Writes weights, AdamW moments and step to <paramref name="path"/> (written aside, then moved into place).</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
        {
            writer.Write(Magic);
            foreach (var x in new[] { Options.VocabularySize, Options.Width, Options.Depth, Options.Heads, Options.Context }) writer.Write(x);
            writer.Write(_parameters.Count);
            writer.Write(Optimizer.Step);
            for (int i = 0; i < _parameters.Count; i++)
            {
                writer.Write(_parameters[i].Name);
                foreach (var t in new[] { _parameters[i].Value, Optimizer.M[i], Optimizer.V[i] })
                {
                    using var cpu = t.detach().cpu().contiguous();
                    var values = cpu.data<float>().ToArray();
                    writer.Write(values.Length);
                    foreach (var f in values) writer.Write(f);
                }
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Mean next-token cross-entropy of <paramref name="sequences"/> (each Context + 1 ids), without gradients.</summary>
    /// <exception cref="ArgumentException">A sequence has the wrong length or an id outside the vocabulary.</exception>
    public double MeanLoss(IReadOnlyList<int[]> sequences, int batchSize = 32)
    {
        double total = 0;
        using var _ = no_grad();
        for (int start = 0; start < sequences.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(batchSize, sequences.Count - start);
            var loss = Loss(Batch(sequences, start, n));
            total += loss.item<float>() * n;
        }
        return total / sequences.Count;
    }

    /// <summary>
    /// One AdamW step on <paramref name="batch"/> (gradients clipped to global norm <paramref name="clipNorm"/>); returns
    /// the loss before the step. A non-finite loss or gradient is returned as NaN and the step is not applied.
    /// </summary>
    public double TrainStep(IReadOnlyList<int[]> batch, double learningRate, double clipNorm = 1.0, double weightDecay = 0.01)
    {
        using var scope = NewDisposeScope();
        var loss = Loss(Batch(batch, 0, batch.Count));
        double value = loss.item<float>();
        if (!double.IsFinite(value))
        {
            return double.NaN;
        }
        loss.backward();
        double norm = Optimizer.ClipGradients(clipNorm);
        if (!double.IsFinite(norm))
        {
            foreach (var p in Optimizer.Parameters) p.grad?.zero_();
            return double.NaN;
        }
        Optimizer.Apply(learningRate, weightDecay: weightDecay);
        return value;
    }

    /// <summary>Mean next-token cross-entropy of ids [B, Context + 1] (int64 on <see cref="Device"/>).</summary>
    internal Tensor Loss(Tensor ids)
    {
        long t = ids.shape[1] - 1;
        var inputs = ids.narrow(1, 0, t);
        var targets = ids.narrow(1, 1, t);
        var logits = Forward(inputs);
        return F.cross_entropy(logits.reshape(-1, Options.VocabularySize), targets.reshape(-1));
    }

    /// <summary>Logits [B, T, vocab] for ids [B, T], T ≤ Context.</summary>
    internal Tensor Forward(Tensor ids)
    {
        long b = ids.shape[0], t = ids.shape[1];
        int w = Options.Width, heads = Options.Heads, hd = w / heads;
        var x = _w["tok"].index_select(0, ids.reshape(-1)).view(b, t, w) + _w["pos"].narrow(0, 0, t).unsqueeze(0);
        var mask = _causal.narrow(0, 0, t).narrow(1, 0, t);
        for (int l = 0; l < Options.Depth; l++)
        {
            var h = Norm(x, $"b{l}.ln1");
            var qkv = F.linear(h, _w[$"b{l}.qkv.w"], _w[$"b{l}.qkv.b"]).view(b, t, 3, heads, hd).permute(2, 0, 3, 1, 4);
            var attended = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], mask).transpose(1, 2).reshape(b, t, w);
            x = x + F.linear(attended, _w[$"b{l}.proj.w"], _w[$"b{l}.proj.b"]);
            var inner = F.gelu(F.linear(Norm(x, $"b{l}.ln2"), _w[$"b{l}.fc.w"], _w[$"b{l}.fc.b"]));
            x = x + F.linear(inner, _w[$"b{l}.out.w"], _w[$"b{l}.out.b"]);
        }
        return F.linear(Norm(x, "lnf"), _w["tok"]);
    }

    /// <summary>Rows start..start+n of <paramref name="sequences"/> as an int64 tensor on the device.</summary>
    internal Tensor Batch(IReadOnlyList<int[]> sequences, int start, int n)
    {
        int length = Options.Context + 1;
        var flat = new long[n * length];
        for (int r = 0; r < n; r++)
        {
            var s = sequences[start + r];
            if (s.Length != length) throw new ArgumentException($"sequence {start + r} has {s.Length} tokens; the probe LM takes {length} (Context + 1).");
            for (int k = 0; k < length; k++)
            {
                if ((uint)s[k] >= (uint)Options.VocabularySize) throw new ArgumentException($"sequence {start + r} holds token id {s[k]}, outside the vocabulary of {Options.VocabularySize}.");
                flat[r * length + k] = s[k];
            }
        }
        return tensor(flat, [n, length]).to(Device);
    }

    private Tensor Norm(Tensor x, string name) => F.layer_norm(x, [Options.Width], _w[name + ".w"], _w[name + ".b"], 1e-5);

    private void Add(string name, long[] shape, Random? random, double scale)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[count];
        if (random is not null)
            for (long i = 0; i < count; i++)
                values[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        else if (scale != 0 && name.EndsWith(".w", StringComparison.Ordinal) && shape.Length == 1)
            Array.Fill(values, (float)scale);
        using var cpu = tensor(values, shape);
        var t = cpu.to(Device).requires_grad_(true).DetachFromDisposeScope();
        _parameters.Add((name, t));
        _w[name] = t;
    }

    /// <summary>Frees weights and optimizer state.</summary>
    public void Dispose()
    {
        Optimizer.Dispose();
        foreach (var (_, t) in _parameters) t.Dispose();
        _causal.Dispose();
    }
}
