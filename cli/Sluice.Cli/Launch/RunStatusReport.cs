using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Objects;

namespace Sluice.Cli.Launch;

/// <summary>
/// What a run folder says about a run: per rank, units committed, running and pending, records and throughput, and
/// the newest failures, and whether each output's dataset manifest is written. Read from <c>run.json</c>,
/// <c>commits/</c>, <c>attempts/</c> and the outputs' <c>_manifest.json</c>, each checked as it is read
/// (<see cref="RunObjects"/>); nothing is written.
/// </summary>
/// <param name="RunUri">The run folder.</param>
/// <param name="Manifest">Its <c>run.json</c>.</param>
/// <param name="WorldSize">Ranks the units are shown over: the newest attempt's world size, else the manifest's.</param>
/// <param name="Ranks">One entry per rank.</param>
/// <param name="Attempts">Attempt records read.</param>
/// <param name="Span">From the first attempt's start to the newest heartbeat.</param>
/// <param name="RecordsPerSecond">All committed records in over <paramref name="Span"/>; null without attempts.</param>
/// <param name="Failures">Failed attempts, newest first, at most <see cref="MaxFailures"/>.</param>
/// <param name="Outputs">Per sink, whether its manifest is written; empty for a run folder that does not record its outputs.</param>
/// <param name="Ignored">Objects in <c>commits/</c> or <c>attempts/</c> that are not a planned unit's commit or an attempt's record, and were not counted.</param>
internal sealed record RunStatusReport(string RunUri, RunManifest Manifest, int WorldSize, IReadOnlyList<RankStatus> Ranks, int Attempts,
    TimeSpan Span, double? RecordsPerSecond, IReadOnlyList<AttemptStatus> Failures, IReadOnlyList<OutputStatus> Outputs, IReadOnlyList<string> Ignored)
{
    /// <summary>How many failures the report keeps.</summary>
    public const int MaxFailures = 5;

    /// <summary>A running attempt whose heartbeat is older than this is shown as lost. Default 10 minutes.</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromMinutes(10);

    /// <summary>Reads a run folder.</summary>
    /// <param name="runUri">A local path or <c>s3://bucket/prefix</c>.</param>
    /// <param name="now">The current time (tests pass a fixed one).</param>
    /// <param name="staleAfter">See <see cref="DefaultStaleAfter"/>.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="FileNotFoundException">The folder has no <c>run.json</c>.</exception>
    /// <exception cref="InvalidDataException">An object is broken; the message names it and the field.</exception>
    public static async Task<RunStatusReport> ReadAsync(string runUri, DateTimeOffset now, TimeSpan staleAfter, CancellationToken ct)
    {
        using var store = ObjectStores.Open(runUri);
        if (await store.StatAsync(RunLayout.RunManifestKey, ct) is null)
            throw new FileNotFoundException($"no run at {runUri}: start one with sluice run SCRIPT --run {runUri}");
        var manifest = await RunObjects.ReadAsync<RunManifest>(store, RunLayout.RunManifestKey, ct);
        var ignored = new StringWriter();
        var planned = manifest.Units.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        var commits = await RunFolderCommitter.ReadCommitsAsync(store, planned, ignored, ct);
        var attempts = await ReadAttemptsAsync(store, ignored, ct);

        var worldSize = attempts.MaxBy(a => a.Started)?.WorldSize ?? manifest.WorldSize;
        var shares = UnitAssigner.Assign(manifest.Units, worldSize);
        var committed = commits.ToDictionary(c => c.Unit, StringComparer.Ordinal);
        var ranks = new List<RankStatus>(worldSize);
        for (var rank = 0; rank < worldSize; rank++)
        {
            var share = shares[rank];
            var done = share.Where(u => committed.ContainsKey(u.Id)).Select(u => committed[u.Id]).ToList();
            var own = attempts.Where(a => a.Rank == rank && a.WorldSize == worldSize).ToList();
            var newest = own.MaxBy(a => a.Started);
            var state = done.Count == share.Count && share.Count > 0 ? "completed"
                : newest is null ? "pending"
                : newest.State == "running" && now - newest.Updated > staleAfter ? "lost"
                : newest.State;
            var open = share.Count - done.Count;
            var running = state == "running" ? open : 0;
            var recordsIn = done.Sum(c => c.RecordsIn);
            ranks.Add(new RankStatus(rank, state, share.Count, done.Count, running, open - running, recordsIn,
                done.Sum(c => c.Outputs.Values.Sum(o => o.Sum(s => s.Rows))), done.Sum(c => c.Rejected), Rate(recordsIn, SpanOf(own))));
        }
        var span = SpanOf(attempts);
        var failures = attempts.Where(a => a.State == "failed").OrderByDescending(a => a.Updated).Take(MaxFailures).ToList();
        var outputs = await OutputsAsync(manifest, commits, committed.Count == manifest.Units.Count, ct);
        return new RunStatusReport(runUri, manifest, worldSize, ranks, attempts.Count, span ?? TimeSpan.Zero,
            Rate(committed.Values.Sum(c => c.RecordsIn), span), failures, outputs,
            ignored.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Writes the report as text: a summary, a table of ranks, the newest failures.</summary>
    public void Print(TextWriter @out)
    {
        var inv = CultureInfo.InvariantCulture;
        var units = Ranks.Sum(r => r.Units);
        var committed = Ranks.Sum(r => r.Committed);
        @out.WriteLine($"run {RunUri}: pipeline {Manifest.Pipeline}, {Manifest.Units.Count} units, world size {WorldSize}"
            + (WorldSize != Manifest.WorldSize ? $" (planned with {Manifest.WorldSize})" : "") + $", created {Manifest.Created.ToString("u", inv)}");
        var percent = units == 0 ? 100 : 100.0 * committed / units;
        // Every unit committed is not done until each output's manifest is written: readers see nothing before.
        var done = Outputs.FirstOrDefault(o => o.State is OutputStatus.Missing or OutputStatus.Stale) is { } unfinished
            ? $"all committed, {unfinished.State}"
            : string.Create(inv, $"{percent:F0}% done");
        @out.WriteLine($"units: {committed} committed, {Ranks.Sum(r => r.Running)} running, {Ranks.Sum(r => r.Pending)} pending ({done})");
        var rate = RecordsPerSecond is { } r ? string.Create(inv, $"{r:F1} records/s over {FormatSpan(Span)} ({Attempts} attempt{(Attempts == 1 ? "" : "s")})") : "no attempts yet";
        @out.WriteLine($"records: {Ranks.Sum(x => x.RecordsIn)} in, {Ranks.Sum(x => x.RecordsOut)} out, {Ranks.Sum(x => x.Rejected)} rejected; {rate}");
        @out.WriteLine($"{"rank",5}  {"state",-9}  {"units",6}  {"committed",9}  {"running",7}  {"pending",7}  {"records",10}  {"records/s",10}");
        foreach (var x in Ranks)
        {
            var perSecond = x.RecordsPerSecond is { } v ? v.ToString("F1", inv) : "-";
            @out.WriteLine($"{x.Rank,5}  {x.State,-9}  {x.Units,6}  {x.Committed,9}  {x.Running,7}  {x.Pending,7}  {x.RecordsIn,10}  {perSecond,10}");
        }
        foreach (var o in Outputs) @out.WriteLine($"output {o.Sink} {o.Uri}: {o.State}");
        foreach (var note in Ignored) @out.WriteLine(note);
        if (Failures.Count == 0) return;
        @out.WriteLine("last failures (newest first):");
        foreach (var f in Failures)
            @out.WriteLine($"  {f.Updated.ToString("u", inv)} rank {f.Rank}, attempt {f.Attempt} on {f.Host} pid {f.Pid}: {f.Error ?? "(no message)"}");
    }

    /// <summary>
    /// Per output the run recorded: pending until every unit is committed; then whether its manifest lists exactly
    /// the committed shards, since a run killed after its last commit has none (or an older run's).
    /// </summary>
    private static async Task<IReadOnlyList<OutputStatus>> OutputsAsync(RunManifest manifest, IReadOnlyList<UnitCommit> commits, bool allCommitted, CancellationToken ct)
    {
        var outputs = new List<OutputStatus>();
        foreach (var (sink, uri) in (manifest.Outputs ?? new Dictionary<string, string>()).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!allCommitted)
            {
                outputs.Add(new OutputStatus(sink, uri, OutputStatus.Pending));
                continue;
            }
            using var store = ObjectStores.Open(uri);
            if (await store.StatAsync(RunLayout.DatasetManifestKey, ct) is null)
            {
                outputs.Add(new OutputStatus(sink, uri, OutputStatus.Missing));
                continue;
            }
            var dataset = await RunObjects.ReadAsync<DatasetManifest>(store, RunLayout.DatasetManifestKey, ct);
            var listed = dataset.Shards.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            var shards = commits.SelectMany(c => c.Outputs.GetValueOrDefault(sink) ?? []).Select(s => s.Key).ToArray();
            var exact = listed.Count == shards.Length && shards.All(listed.Contains);
            outputs.Add(new OutputStatus(sink, uri, exact ? OutputStatus.Written : OutputStatus.Stale));
        }
        return outputs;
    }

    private static string FormatSpan(TimeSpan span) =>
        span.TotalSeconds < 60 ? span.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s"
        : span.TotalDays >= 1 ? span.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture)
        : span.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);

    private static double? Rate(long records, TimeSpan? span) =>
        span is not { } s ? null : records / Math.Max(s.TotalSeconds, 0.001);

    private static TimeSpan? SpanOf(IReadOnlyCollection<AttemptStatus> attempts) =>
        attempts.Count == 0 ? null : attempts.Max(a => a.Updated) - attempts.Min(a => a.Started);

    /// <summary>The records <c>attempts/ATTEMPT.json</c>, read concurrently in key order; any other object there is reported to <paramref name="ignored"/>.</summary>
    private static async Task<IReadOnlyList<AttemptStatus>> ReadAttemptsAsync(IObjectStore store, TextWriter ignored, CancellationToken ct)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(RunLayout.AttemptsFolder, ct))
        {
            if (RunLayout.AttemptOfKey(info.Key) is not null) keys.Add(info.Key);
            else ignored.WriteLine($"ignoring {ObjectStores.Join(store.RootUri, info.Key)}: not an attempt record ({RunLayout.AttemptKey("ATTEMPT")})");
        }
        // A large run has many attempts: read them concurrently, keep key order.
        var items = new ConcurrentDictionary<int, AttemptStatus>();
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) =>
            {
                var attempt = await RunObjects.ReadAsync<AttemptStatus>(store, keys[i], token);
                if (keys[i] != RunLayout.AttemptKey(attempt.Attempt))
                    throw RunObjects.Invalid<AttemptStatus>(ObjectStores.Join(store.RootUri, keys[i]), $"field 'attempt' is '{attempt.Attempt}', not its key's");
                items[i] = attempt;
            });
        return Enumerable.Range(0, keys.Count).Select(i => items[i]).ToList();
    }
}
