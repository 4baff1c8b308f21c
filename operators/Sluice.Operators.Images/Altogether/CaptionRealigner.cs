using System.Net;
using Microsoft.Extensions.AI;
using Sluice.Operators.Images.Imaging;
using Sluice.Operators.Llm.Endpoints;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Images.Altogether;

/// <summary>
/// Re-aligns alt-texts into captions with a vision-language <see cref="IChatClient"/>: one user message holding the
/// image and the instruction with the alt-text prompt (<see cref="AltPromptBuilder"/>), decoded with temperature 0.2,
/// top-p 0.7 and at most 192 new tokens by default. All images of a batch are sent at once, up to
/// <see cref="RealignOptions.MaxInFlight"/> requests across batches, so the endpoint's own limiter sets the pace.
/// </summary>
/// <remarks>
/// Pass the endpoint layer's governed client (retries, rate limits, circuit breaker, response cache): this operator
/// adds none of that. A request the server refuses for this record (HTTP 400, 413, 415, 422) and an empty answer are
/// rejects with the reason; every other failure (connection, exhausted retries, an open circuit, a refused key)
/// faults the run, so the unit is redone on resume rather than its images lost to rejects.
/// </remarks>
public sealed class CaptionRealigner
{
    private readonly IChatClient _client;
    private readonly AltPromptBuilder _prompt;
    private readonly SemaphoreSlim _inFlight;
    private readonly ChatOptions _chatOptions;
    private int _current, _peak;

    /// <summary>A realigner over <paramref name="client"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CaptionRealigner(IChatClient client, RealignOptions? options = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        Options = options ?? new RealignOptions();
        Options.Validate();
        _prompt = new AltPromptBuilder(Options.Prompt);
        _inFlight = new SemaphoreSlim(Options.MaxInFlight, Options.MaxInFlight);
        _chatOptions = new ChatOptions
        {
            ModelId = Options.ModelId,
            Temperature = Options.Temperature,
            TopP = Options.TopP,
            MaxOutputTokens = Options.MaxOutputTokens,
        };
        ModelName = Options.ModelId ?? client.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
    }

    /// <summary>The options in force.</summary>
    public RealignOptions Options { get; }

    /// <summary>The model recorded with captions when the server does not name itself.</summary>
    public string ModelName { get; }

    /// <summary>Most requests this realigner has had in flight at once.</summary>
    public int PeakInFlight => Volatile.Read(ref _peak);

    /// <summary>The message sent for <paramref name="image"/> with alt-text prompt <paramref name="altPrompt"/>.</summary>
    public ChatMessage BuildMessage(PreparedImage image, string altPrompt) =>
        new(ChatRole.User,
        [
            new DataContent(image.ModelImage, image.ModelMediaType),
            new TextContent($"{Options.Instruction}\nAlt-text: {(altPrompt.Length == 0 ? "(none)" : altPrompt)}"),
        ]);

    /// <summary>Captions a batch; one result per input, in order.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task<IReadOnlyList<MapResult<AltogetherCaption>>> RealignAsync(IReadOnlyList<PreparedImage> batch, CancellationToken ct) =>
        await Task.WhenAll(batch.Select(image => RealignAsync(image, ct)));

    /// <summary>Captions one image through <see cref="RealignOptions.Rounds"/> rounds.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task<MapResult<AltogetherCaption>> RealignAsync(PreparedImage image, CancellationToken ct)
    {
        var prompt = _prompt.Build(image.AltTexts);
        var altForRound = prompt;
        // The response cache keys on the image bytes too, so equal alt-texts over different images never share a caption.
        var chatOptions = _chatOptions;
        string caption = "";
        var rounds = new List<string>(Options.Rounds);
        string? model = null, finish = null;
        for (var round = 1; round <= Options.Rounds; round++)
        {
            ChatResponse response;
            await _inFlight.WaitAsync(ct);
            var now = Interlocked.Increment(ref _current);
            for (var peak = Volatile.Read(ref _peak); now > peak; peak = Volatile.Read(ref _peak))
                if (Interlocked.CompareExchange(ref _peak, now, peak) == peak) break;
            try
            {
                response = await _client.GetResponseAsync([BuildMessage(image, altForRound)], chatOptions, ct);
            }
            catch (EndpointHttpException e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge
                                                     or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity)
            {
                return MapResult<AltogetherCaption>.Reject($"the model refused the request in round {round}: {e.Message}");
            }
            finally
            {
                Interlocked.Decrement(ref _current);
                _inFlight.Release();
            }
            caption = Clean(response.Text);
            model = response.ModelId ?? model;
            finish = response.FinishReason?.Value;
            if (caption.Length == 0)
                return MapResult<AltogetherCaption>.Reject($"the model returned an empty caption in round {round}");
            rounds.Add(caption);
            // The next round re-aligns this round's caption against the image again.
            altForRound = _prompt.Truncate(caption);
        }
        return MapResult<AltogetherCaption>.Ok(new AltogetherCaption(
            image.Uuid, image.Source, image.ImageUri, image.ImageSha256, image.PerceptualHash, image.Width, image.Height,
            image.AltTexts, prompt, caption, model ?? ModelName, Options.Rounds, finish,
            CaptionQuality.Words(caption), CaptionQuality.AltWordsKept(image.AltTexts, caption), RoundCaptions: rounds));
    }

    // Captions are one line in the reference output: new lines become spaces, surrounding quotes go.
    private static string Clean(string text)
    {
        var oneLine = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (oneLine.Length >= 2 && oneLine[0] == '"' && oneLine[^1] == '"') oneLine = oneLine[1..^1].Trim();
        return oneLine;
    }
}
