namespace Sluice.Pipelines.Runtime;

/// <summary>A point in a unit's input up to which its output can be checkpointed.</summary>
/// <param name="Consumed">Items the source yielded for the unit so far, records and unreadable ones alike: a resume skips this many.</param>
/// <param name="RecordsIn">Of those, records read.</param>
/// <param name="LastPosition">The input position of the last item consumed; rejects at or before it belong to the checkpoint.</param>
internal sealed record CheckpointMark(long Consumed, long RecordsIn, long LastPosition);
