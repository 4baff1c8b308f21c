namespace Sluice.Operators.Search;

/// <summary>One passage found for a query, best first in a hit list.</summary>
/// <param name="Row">The passage's row in the loaded datastore (shard order, then row order within a shard).</param>
/// <param name="PassageId">The passage id (<c>DOCID#INDEX</c>).</param>
/// <param name="DocId">The id of the document the passage was cut from.</param>
/// <param name="Score">Inner product of the query and passage vectors (cosine similarity for unit vectors).</param>
/// <param name="Text">The passage text when the search was asked to return it (<see cref="ShardedSearchOptions.IncludeTexts"/>); else null.</param>
public sealed record SearchHit(int Row, string PassageId, string DocId, float Score, string? Text = null);
