namespace Sluice.Operators.Images.Sources;

/// <summary>
/// The <c>uuid</c> column alone: planning a file as this record fails when the file lacks the column, where
/// <see cref="ParquetImageRow"/> (whose string columns read a missing column as nulls) would reject every row.
/// </summary>
/// <param name="Uuid">The <c>uuid</c> column.</param>
internal sealed record ParquetUuidColumn(string? Uuid);
