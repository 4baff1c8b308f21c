using Sluice.Pipelines.Blueprint;
using Sluice.Storage.Formats;

namespace Sluice.Testing.Conformance;

/// <summary>
/// One run of a <see cref="VerbCase"/> for one <see cref="VerbCheck"/>: a fresh folder, the pipeline under
/// construction, and inputs that follow the check (none when empty, poison appended for a fault).
/// </summary>
public sealed class VerbRun : IDisposable
{
    /// <summary>The node name a case gives the verb under test; faults and rejects must name it.</summary>
    public const string UnderTest = "under-test";

    /// <summary>Small batches and links, so a few records cross several batches and blocks.</summary>
    private static readonly PipelineOptions Small = new() { BatchSize = 4, LinkCapacity = 2, Parallelism = 2, SourceParallelism = 1, SinkParallelism = 1 };

    // A checkpoint every two records, so a stop half-way leaves one behind to resume from.
    private static readonly PipelineOptions Checkpointed = Small with { CheckpointRecords = 2 };

    private readonly CancellationTokenSource _stop = new();
    private readonly bool _ownsFolder;

    internal VerbRun(VerbCheck check, VerbRun? resumes = null)
    {
        Check = check;
        Resuming = resumes is not null;
        _ownsFolder = resumes is null;
        Folder = resumes?.Folder ?? Path.Combine(Path.GetTempPath(), "sluice-verb-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
        Pipeline = Sluice.Pipelines.Blueprint.Pipeline.Create("verb-conformance", check == VerbCheck.Resume ? Checkpointed : Small);
    }

    /// <summary>Under <see cref="VerbCheck.Resume"/>: true for the second run, which finishes what the first began.</summary>
    public bool Resuming { get; }

    /// <summary>Whether this run requests a stop: a cancel check, and the first run of a resume check.</summary>
    internal bool Stops => Check == VerbCheck.Cancel || (Check == VerbCheck.Resume && !Resuming);

    /// <summary>The check this run serves.</summary>
    public VerbCheck Check { get; }

    /// <summary>A fresh folder, deleted with the run.</summary>
    public string Folder { get; }

    /// <summary>Where <see cref="End{T}"/> (or a sink under test) writes.</summary>
    public string Output => Path.Combine(Folder, "out");

    /// <summary>The pipeline the case adds to.</summary>
    public PipelineBuilder Pipeline { get; }

    /// <summary>Whether, under <see cref="VerbCheck.Fault"/>, a source from <see cref="Records{T}"/> throws after its records. Default false.</summary>
    public bool FaultInSource { get; set; }

    /// <summary>The stop the check requests under <see cref="VerbCheck.Cancel"/>.</summary>
    internal CancellationToken Stop => _stop.Token;

    /// <summary>
    /// A flow of in-memory records for the check: none when empty, <paramref name="samples"/> then
    /// <paramref name="poison"/> for a fault, <paramref name="samples"/> otherwise.
    /// </summary>
    /// <param name="samples">The sample records.</param>
    /// <param name="poison">Records that make the verb's code throw.</param>
    /// <param name="name">The source's node name; <see cref="UnderTest"/> when the source is the verb under test.</param>
    public Flow<T> Records<T>(IReadOnlyList<T> samples, IReadOnlyList<T>? poison = null, string name = "records")
    {
        IReadOnlyList<T> records = Check switch
        {
            VerbCheck.Empty => [],
            VerbCheck.Fault => [.. samples, .. poison ?? []],
            _ => samples,
        };
        return Pipeline.Read(new ConformanceSource<T>(this, records), name);
    }

    /// <summary>
    /// Writes an input file for a source under test and returns its path: <paramref name="empty"/> when empty,
    /// <paramref name="poison"/> (or the sample) for a fault, <paramref name="sample"/> otherwise.
    /// </summary>
    public string InputFile(string name, byte[] sample, byte[] empty, byte[]? poison = null)
    {
        var folder = Path.Combine(Folder, "in");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        // A resumed run reads the very file the first one planned: rewriting it would change its fingerprint.
        if (Resuming && File.Exists(path)) return path;
        File.WriteAllBytes(path, Check switch { VerbCheck.Empty => empty, VerbCheck.Fault => poison ?? sample, _ => sample });
        return path;
    }

    /// <summary>
    /// Passes records on unchanged; under <see cref="VerbCheck.Cancel"/> the first record requests the stop, so a
    /// source that reads files is still reading when it lands.
    /// </summary>
    public Flow<T> Tap<T>(Flow<T> flow) => flow.Map(r =>
    {
        if (Stops) RequestStop();
        return r;
    }, "tap");

    /// <summary>Ends the verb's flow: through <see cref="Tap{T}"/> into JSON Lines under <see cref="Output"/>.</summary>
    public PipelineBuilder End<T>(Flow<T> flow) => Tap(flow).WriteJsonl(Output, Compression.None, name: "end");

    internal void RequestStop() => _stop.Cancel();

    /// <summary>Deletes the folder.</summary>
    public void Dispose()
    {
        _stop.Dispose();
        if (!_ownsFolder) return;
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a test's leftovers in the temp folder are harmless */ }
    }
}
