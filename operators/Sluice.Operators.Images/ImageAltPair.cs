using System.Text.Json.Serialization;

namespace Sluice.Operators.Images;

/// <summary>
/// One image with the alt-texts that came with it, as a source reads it: the unit of Altogether re-alignment.
/// </summary>
/// <param name="Uuid">The image's id: the WebDataset sample key, the Parquet <c>uuid</c> column, or for HTML a hash of page and position.</param>
/// <param name="Source">The object the pair was read from (tar shard, Parquet file or HTML page URI).</param>
/// <param name="ImageUri">Where the image bytes came from (the tar member, the resolved <c>img src</c>); null when inline.</param>
/// <param name="Image">The encoded image bytes, as found. Left out of reject records (JSON) to keep them small.</param>
/// <param name="AltTexts">The alt-texts as found, uncleaned, in source order; may be empty.</param>
/// <param name="Context">Text around the image (HTML: the nearest enclosing text); null when the source has none.</param>
public sealed record ImageAltPair(
    string Uuid,
    string Source,
    string? ImageUri,
    [property: JsonIgnore] byte[]? Image,
    IReadOnlyList<string> AltTexts,
    string? Context = null)
{
    /// <summary>Encoded size in bytes (0 when there are no bytes); kept in reject records instead of the bytes.</summary>
    public int ImageBytes => Image?.Length ?? 0;
}
