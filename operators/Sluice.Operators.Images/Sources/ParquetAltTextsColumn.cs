namespace Sluice.Operators.Images.Sources;

/// <summary>
/// The <c>alt_texts</c> column alone: planning a file as this record fails when the file lacks the column, where
/// <see cref="ParquetImageRow"/> (whose list columns are nullable) would read it as images without alt-text.
/// </summary>
/// <param name="AltTexts">The <c>alt_texts</c> column.</param>
internal sealed record ParquetAltTextsColumn(IReadOnlyList<string>? AltTexts);
