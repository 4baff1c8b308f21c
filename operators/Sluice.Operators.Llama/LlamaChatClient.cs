using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace Sluice.Operators.Llama;

/// <summary>
/// An <see cref="IChatClient"/> over a local GGUF model run in process by llama.cpp (LLamaSharp, CPU backend).
/// Honours <see cref="ChatOptions.Temperature"/>, <see cref="ChatOptions.TopP"/>, <see cref="ChatOptions.TopK"/>,
/// <see cref="ChatOptions.Seed"/>, <see cref="ChatOptions.MaxOutputTokens"/>, <see cref="ChatOptions.StopSequences"/> and a
/// GBNF grammar in <c>AdditionalProperties["grammar"]</c> (the llama.cpp server's field), which constrains decoding.
/// </summary>
/// <remarks>
/// Messages are rendered as <c>&lt;|role|&gt;\ntext\n</c> turns ending in <c>&lt;|assistant|&gt;\n</c>. The model loads in
/// <see cref="OpenAsync"/> (or on the first request), never in the constructor. Thread-safe; at most
/// <see cref="LlamaChatOptions.MaxParallel"/> requests decode at once. Govern it with <c>ChatEndpoints.Govern</c> for
/// the response cache and stats.
/// </remarks>
public sealed class LlamaChatClient : IChatClient
{
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private LLamaWeights? _weights;
    private ModelParams? _params;

    /// <summary>Creates a client; nothing is loaded yet.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public LlamaChatClient(LlamaChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _slots = new SemaphoreSlim(options.MaxParallel, options.MaxParallel);
        Metadata = new ChatClientMetadata("llama.cpp", new Uri(Path.GetFullPath(options.ModelPath)), Path.GetFileNameWithoutExtension(options.ModelPath));
    }

    /// <summary>The options.</summary>
    public LlamaChatOptions Options { get; }

    /// <summary>Provider <c>llama.cpp</c>, the file and its name as the model id.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <summary>Tokens generated so far (all requests).</summary>
    public long GeneratedTokens => Interlocked.Read(ref _generated);

    private long _generated;

    /// <summary>Loads the model (once).</summary>
    /// <exception cref="FileNotFoundException">The GGUF file does not exist.</exception>
    public async Task OpenAsync(CancellationToken ct = default)
    {
        if (_weights is not null) return;
        await _openLock.WaitAsync(ct);
        try
        {
            if (_weights is not null) return;
            if (!File.Exists(Options.ModelPath)) throw new FileNotFoundException($"GGUF model not found: {Options.ModelPath}", Options.ModelPath);
            var p = new ModelParams(Options.ModelPath) { ContextSize = Options.ContextSize, GpuLayerCount = 0 };
            if (Options.Threads is { } t) p.Threads = t;
            _weights = await LLamaWeights.LoadFromFileAsync(p, ct);
            _params = p;
        }
        finally { _openLock.Release(); }
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await OpenAsync(cancellationToken);
        var prompt = Render(messages);
        var grammar = options?.AdditionalProperties?.TryGetValue("grammar", out var g) == true && g is string { Length: > 0 } gbnf ? new Grammar(gbnf, "root") : null;
        var sampling = new DefaultSamplingPipeline
        {
            Grammar = grammar,
            Temperature = options?.Temperature ?? 0.8f,
            TopP = options?.TopP ?? 1f,
            TopK = options?.TopK ?? 0,
            Seed = (uint)(options?.Seed ?? 42),
        };
        var inference = new InferenceParams
        {
            MaxTokens = options?.MaxOutputTokens ?? Options.DefaultMaxTokens,
            SamplingPipeline = sampling,
            AntiPrompts = [.. options?.StopSequences ?? [], "<|user|>", "<|system|>"],
        };
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var executor = new StatelessExecutor(_weights!, _params!) { ApplyTemplate = false };
            var text = new StringBuilder();
            var tokens = 0;
            await foreach (var piece in executor.InferAsync(prompt, inference, cancellationToken))
            {
                text.Append(piece);
                tokens++;
            }
            Interlocked.Add(ref _generated, tokens);
            var answer = text.ToString();
            foreach (var stop in inference.AntiPrompts)
                if (answer.EndsWith(stop, StringComparison.Ordinal)) answer = answer[..^stop.Length];
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
            {
                ModelId = Metadata.DefaultModelId,
                FinishReason = tokens >= inference.MaxTokens ? ChatFinishReason.Length : ChatFinishReason.Stop,
                Usage = new UsageDetails { InputTokenCount = _weights!.Tokenize(prompt, true, false, Encoding.UTF8).Length, OutputTokenCount = tokens },
            };
        }
        finally { _slots.Release(); }
    }

    /// <summary>Generated whole, then returned as updates.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <summary>Frees the model.</summary>
    public void Dispose() => _weights?.Dispose();

    /// <summary>The prompt text for <paramref name="messages"/>.</summary>
    public static string Render(IEnumerable<ChatMessage> messages)
    {
        var sb = new StringBuilder();
        foreach (var m in messages) sb.Append("<|").Append(m.Role.Value).Append("|>\n").Append(m.Text).Append('\n');
        return sb.Append("<|assistant|>\n").ToString();
    }
}
