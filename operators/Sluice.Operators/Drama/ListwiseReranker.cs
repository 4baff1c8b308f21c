using Microsoft.Extensions.AI;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Drama;

/// <summary>The operator behind <see cref="DramaVerbs.RerankListwise"/>: each query's top candidates reordered by the LLM, or a reject.</summary>
internal sealed class ListwiseReranker(IChatClient client, ListwiseRerankOptions options)
{
    /// <summary>One result per query, in order.</summary>
    public Task<IReadOnlyList<MapResult<RetrievedQuery>>> RerankAsync(IReadOnlyList<RetrievedQuery> batch, CancellationToken ct) =>
        ChatCalls.EachAsync(client, batch, r => RerankAsync(r, ct), ct);

    private async Task<MapResult<RetrievedQuery>> RerankAsync(RetrievedQuery r, CancellationToken ct)
    {
        var top = r.Candidates.Take(options.TopN).ToArray();
        if (top.Length < 2) return MapResult<RetrievedQuery>.Ok(r with { Candidates = top, Reranked = true });
        var chat = new ChatOptions { Temperature = options.Temperature, MaxOutputTokens = options.MaxOutputTokens };
        var answer = await ChatCalls.AskAsync(client, ListwiseRerankPrompt.Build(r.Query.Text, top, options), chat, ct);
        if (answer.Reason is { } failed) return MapResult<RetrievedQuery>.Reject(failed);
        var parse = RankingParser.Parse(answer.Value, top.Length);
        return parse.IsEmpty
            ? MapResult<RetrievedQuery>.Reject($"reranker answer ranks no passage; raw: {ChatCalls.Raw(answer.Value)}")
            : MapResult<RetrievedQuery>.Ok(r with { Candidates = ListwiseRerankPrompt.Apply(top, parse), Reranked = true });
    }
}
