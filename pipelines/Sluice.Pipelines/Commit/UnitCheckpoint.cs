using Sluice.Pipelines.Contracts;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// <c>checkpoints/UNIT.json</c>: how far an attempt got in a unit it has not finished. Everything it lists is closed
/// and durable, and covers exactly the first <see cref="Consumed"/> items of the unit's input, so an attempt that
/// resumes the unit keeps these outputs and skips those items. Overwritten at each checkpoint, deleted once the unit
/// is committed; only the commit object counts as done.
/// </summary>
/// <param name="Unit">Work unit id.</param>
/// <param name="Attempt">The attempt that wrote this checkpoint.</param>
/// <param name="Consumed">Input items (records and unreadable ones) the outputs cover.</param>
/// <param name="RecordsIn">Of those, records read.</param>
/// <param name="Outputs">Per sink name, the closed shards so far, in input order (possibly of several attempts).</param>
/// <param name="Rejects">The rejects files so far.</param>
/// <param name="Rejected">Records rejected so far.</param>
/// <param name="Written">When it was written.</param>
public sealed record UnitCheckpoint(string Unit, string Attempt, long Consumed, long RecordsIn,
    IReadOnlyDictionary<string, IReadOnlyList<SinkOutput>> Outputs, IReadOnlyList<SinkOutput> Rejects, long Rejected, DateTimeOffset Written);
