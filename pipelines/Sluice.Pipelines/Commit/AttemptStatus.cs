namespace Sluice.Pipelines.Commit;

/// <summary>
/// <c>attempts/ATTEMPT.json</c>: one process's view of its share of a run, rewritten as it goes, read by
/// <c>sluice status</c>.
/// </summary>
/// <param name="Attempt">Attempt id (also in its output keys).</param>
/// <param name="Rank">Rank.</param>
/// <param name="WorldSize">World size.</param>
/// <param name="Host">Machine name.</param>
/// <param name="Pid">Process id.</param>
/// <param name="State">running, completed, cancelled or failed.</param>
/// <param name="UnitsAssigned">Units this attempt had to do (committed ones excluded).</param>
/// <param name="UnitsCommitted">Units it committed.</param>
/// <param name="RecordsOut">Records written by its sinks.</param>
/// <param name="Started">Start time.</param>
/// <param name="Updated">Last update (a heartbeat while running).</param>
/// <param name="Error">The failure message, if it failed.</param>
public sealed record AttemptStatus(string Attempt, int Rank, int WorldSize, string Host, int Pid, string State, int UnitsAssigned,
    int UnitsCommitted, long RecordsOut, DateTimeOffset Started, DateTimeOffset Updated, string? Error);
