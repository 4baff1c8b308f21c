namespace Sluice.Operators.Images.Sources;

/// <summary>A Parquet row of images with alt-texts: columns <c>uuid</c>, <c>image</c> (binary), <c>alt_texts</c> (list of string), <c>url</c>.</summary>
/// <param name="Uuid">The image's id.</param>
/// <param name="Image">Encoded image bytes.</param>
/// <param name="AltTexts">Alt-texts; null reads as none.</param>
/// <param name="Url">Where the image was found, if known.</param>
public sealed record ParquetImageRow(string Uuid, byte[]? Image, IReadOnlyList<string>? AltTexts, string? Url);
