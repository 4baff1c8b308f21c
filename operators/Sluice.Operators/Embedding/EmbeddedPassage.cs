using Sluice.Operators.Text;
using Sluice.Storage.Formats;

namespace Sluice.Operators.Embedding;

/// <summary>A passage with its embedding: the row of a passage datastore shard.</summary>
/// <param name="Id">Passage id (<c>DOCID#INDEX</c>).</param>
/// <param name="DocId">Document id.</param>
/// <param name="PassageIndex">Position among the document's passages.</param>
/// <param name="Title">Document title.</param>
/// <param name="Text">Passage text as embedded.</param>
/// <param name="CharStart">Start of the passage in the document's text.</param>
/// <param name="CharEnd">End of the passage in the document's text.</param>
/// <param name="Embedding">The vector (fixed-size list of float32 in Arrow).</param>
public sealed record EmbeddedPassage(string Id, string DocId, int PassageIndex, string? Title, string Text, int CharStart, int CharEnd,
    [property: Vector] float[] Embedding)
{
    /// <summary>Joins a passage and its vector.</summary>
    public static EmbeddedPassage From(Passage p, float[] embedding) =>
        new(p.Id, p.DocId, p.PassageIndex, p.Title, p.Text, p.CharStart, p.CharEnd, embedding);
}
