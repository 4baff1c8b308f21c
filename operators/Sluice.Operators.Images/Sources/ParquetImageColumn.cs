namespace Sluice.Operators.Images.Sources;

/// <summary>
/// The <c>image</c> column alone: planning a file as this record fails when the file lacks the column, where
/// <see cref="ParquetImageRow"/> (whose <c>image</c> is nullable) would read it as rows without image bytes.
/// </summary>
/// <param name="Image">The <c>image</c> column.</param>
internal sealed record ParquetImageColumn(byte[]? Image);
