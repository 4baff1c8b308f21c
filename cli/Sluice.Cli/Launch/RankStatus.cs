namespace Sluice.Cli.Launch;

/// <summary>One rank's share of a run, as <c>sluice status</c> shows it.</summary>
/// <param name="Rank">Rank.</param>
/// <param name="State">pending (no attempt yet), running, lost (running, but no heartbeat for a while), completed,
/// cancelled or failed: the state of the rank's newest attempt, or completed once all its units are committed.</param>
/// <param name="Units">Units assigned to the rank.</param>
/// <param name="Committed">Of those, committed.</param>
/// <param name="Running">Uncommitted units of a rank whose attempt is running.</param>
/// <param name="Pending">Uncommitted units no live attempt is working on.</param>
/// <param name="RecordsIn">Records read by its committed units.</param>
/// <param name="RecordsOut">Records its committed units wrote, all sinks together.</param>
/// <param name="Rejected">Records its committed units rejected.</param>
/// <param name="RecordsPerSecond">Records in over the time span of its attempts; null without attempts.</param>
internal sealed record RankStatus(int Rank, string State, int Units, int Committed, int Running, int Pending, long RecordsIn,
    long RecordsOut, long Rejected, double? RecordsPerSecond);
