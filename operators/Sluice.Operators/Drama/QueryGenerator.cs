using Microsoft.Extensions.AI;
using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Drama;

/// <summary>The operator behind <see cref="DramaVerbs.GenerateQueries"/>: one LLM-generated query per passage, or a reject.</summary>
internal sealed class QueryGenerator(IChatClient client, QueryGenerationOptions options, string? corpus)
{
    /// <summary>One result per passage, in order.</summary>
    public Task<IReadOnlyList<MapResult<PseudoQuery>>> GenerateAsync(IReadOnlyList<Passage> batch, CancellationToken ct) =>
        ChatCalls.EachAsync(client, batch, p => GenerateAsync(p, ct), ct);

    private async Task<MapResult<PseudoQuery>> GenerateAsync(Passage p, CancellationToken ct)
    {
        var text = ListwiseRerankPrompt.OneLine(p.Text);
        if (text.Length > options.MaxPassageChars)
        {
            var cut = text.LastIndexOf(' ', options.MaxPassageChars);
            text = text[..(cut > options.MaxPassageChars / 2 ? cut : options.MaxPassageChars)];
        }
        var chat = new ChatOptions
        {
            Temperature = options.Temperature,
            TopP = options.TopP,
            MaxOutputTokens = options.MaxOutputTokens,
            Seed = options.Seed is { } seed ? (long)(StableHash.Of(seed, p.Id) & 0x7fffffff) : null,
        };
        var answer = await ChatCalls.AskAsync(client, options.Prompt.Render(new Dictionary<string, string> { ["text"] = text }), chat, ct);
        if (answer.Reason is { } failed) return MapResult<PseudoQuery>.Reject(failed);
        var parsed = QueryGenerationParser.Parse(answer.Value, out var reason);
        return parsed is null
            ? MapResult<PseudoQuery>.Reject($"{reason}; raw: {ChatCalls.Raw(answer.Value)}")
            : MapResult<PseudoQuery>.Ok(new PseudoQuery($"{p.Id}:qgen", parsed.Query, p.Id, p.Text, "qgen", parsed.Language, parsed.Task, corpus));
    }
}
