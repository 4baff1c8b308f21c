namespace Sluice.Operators.Images.Imaging;

/// <summary>What <see cref="ImagePreprocessor"/> makes of valid bytes.</summary>
/// <param name="Sha256">Hex SHA-256 of the original bytes.</param>
/// <param name="PerceptualHash">pHash of the decoded image.</param>
/// <param name="Width">Original width.</param>
/// <param name="Height">Original height.</param>
/// <param name="Format">Codec format name.</param>
/// <param name="ModelImage">Bytes for the model.</param>
/// <param name="MediaType">Media type of <paramref name="ModelImage"/>.</param>
public sealed record PreparedPixels(string Sha256, ulong PerceptualHash, int Width, int Height, string Format, byte[] ModelImage, string MediaType);
