using Sluice.Storage.Formats;

namespace Sluice.Operators.Embedding;

/// <summary>
/// A passage with its embedding stored as float16: the row of a half-size datastore shard (a fixed-size list of
/// Arrow HalfFloat). <see cref="Search.PassageIndex"/> and <see cref="Search.ShardedSearch"/> read these shards as
/// they read float32 ones, widening the vectors to float32 before scoring.
/// </summary>
/// <param name="Id">Passage id (<c>DOCID#INDEX</c>).</param>
/// <param name="DocId">Document id.</param>
/// <param name="PassageIndex">Position among the document's passages.</param>
/// <param name="Title">Document title.</param>
/// <param name="Text">Passage text as embedded.</param>
/// <param name="CharStart">Start of the passage in the document's text.</param>
/// <param name="CharEnd">End of the passage in the document's text.</param>
/// <param name="Embedding">The vector, rounded to the nearest float16.</param>
public sealed record HalfEmbeddedPassage(string Id, string DocId, int PassageIndex, string? Title, string Text, int CharStart, int CharEnd,
    [property: Vector] Half[] Embedding)
{
    /// <summary>Rounds a passage's float32 vector to float16 (round to nearest even; magnitudes above 65504 become ±∞).</summary>
    public static HalfEmbeddedPassage From(EmbeddedPassage p)
    {
        var halves = new Half[p.Embedding.Length];
        for (int i = 0; i < halves.Length; i++) halves[i] = (Half)p.Embedding[i];
        return new(p.Id, p.DocId, p.PassageIndex, p.Title, p.Text, p.CharStart, p.CharEnd, halves);
    }
}
