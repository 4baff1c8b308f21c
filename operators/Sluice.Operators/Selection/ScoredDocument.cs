using Sluice.Storage.Formats;

namespace Sluice.Operators.Selection;

/// <summary>
/// A pool document scored for Group-MATES selection: its unit vector h (all-MiniLM-L6-v2, chunks averaged) and its
/// predicted individual influence (z scale of the oracle targets; lower is better). Arrow/Parquet: h is a fixed-size list.
/// </summary>
/// <param name="Id">Document id.</param>
/// <param name="H">Unit document vector.</param>
/// <param name="Score">Predicted influence s = w·h.</param>
public sealed record ScoredDocument(string Id, [property: Vector] float[] H, float Score);
