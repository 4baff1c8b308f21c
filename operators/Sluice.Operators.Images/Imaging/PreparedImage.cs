using System.Text.Json.Serialization;

namespace Sluice.Operators.Images.Imaging;

/// <summary>An image that decoded and passed the checks, resized for the model, with its alt-texts and provenance.</summary>
/// <param name="Uuid">The pair's id.</param>
/// <param name="Source">The object the pair was read from.</param>
/// <param name="ImageUri">Where the image bytes came from, when known.</param>
/// <param name="AltTexts">Alt-texts (raw as read, or cleaned once <c>CleanAltTexts</c> ran).</param>
/// <param name="Context">Text around the image, when the source has it.</param>
/// <param name="ImageSha256">Hex SHA-256 of the original encoded bytes.</param>
/// <param name="PerceptualHash">64-bit DCT perceptual hash (pHash) of the decoded image, as a signed long.</param>
/// <param name="Width">Original width in pixels.</param>
/// <param name="Height">Original height in pixels.</param>
/// <param name="Format">The codec's format (Jpeg, Png, Gif, Webp, …).</param>
/// <param name="ModelImage">The bytes sent to the model: the original when it already fits, else the resized re-encoding.</param>
/// <param name="ModelMediaType">The media type of <paramref name="ModelImage"/> (<c>image/jpeg</c> or <c>image/png</c>).</param>
public sealed record PreparedImage(
    string Uuid,
    string Source,
    string? ImageUri,
    IReadOnlyList<string> AltTexts,
    string? Context,
    string ImageSha256,
    long PerceptualHash,
    int Width,
    int Height,
    string Format,
    [property: JsonIgnore] byte[] ModelImage,
    string ModelMediaType);
