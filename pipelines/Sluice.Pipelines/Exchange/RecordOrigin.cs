namespace Sluice.Pipelines.Exchange;

/// <summary>
/// Where a record came from in its run's input: its work unit and its position there (line, byte offset or row, as
/// the source numbers it). The same input planned with the same source options gives the same origins in every run
/// and stage, whatever the rank count, so an origin identifies a record across the stages of a workflow even when
/// its own id is missing or repeated; ordered by unit then position, origins follow input order.
/// </summary>
/// <param name="Unit">The work unit's id (<c>u000012</c>).</param>
/// <param name="Position">The record's position in the unit.</param>
public readonly record struct RecordOrigin(string Unit, long Position) : IComparable<RecordOrigin>
{
    /// <summary>Input order: by unit id (ordinal, so plan order), then position.</summary>
    public int CompareTo(RecordOrigin other) =>
        string.CompareOrdinal(Unit, other.Unit) is var c && c != 0 ? c : Position.CompareTo(other.Position);

    /// <summary><c>UNIT:POSITION</c>.</summary>
    public override string ToString() => $"{Unit}:{Position}";
}
