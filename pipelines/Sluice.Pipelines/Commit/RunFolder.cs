using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Formats;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// Opens a run folder for a pipeline: creates <c>run.json</c> on the first start, and on a resume proves the
/// script, its parameters and its inputs are the same, or refuses with what changed.
/// </summary>
public static class RunFolder
{
    /// <summary>Creates or checks the run manifest.</summary>
    /// <exception cref="RunMismatchException">The run folder holds a different run.</exception>
    /// <exception cref="IOException">The run folder cannot be written; the message names it.</exception>
    /// <exception cref="InvalidDataException">Its <c>run.json</c> is broken; the message names it and the field.</exception>
    public static async Task<RunManifest> OpenAsync(IObjectStore run, Pipeline pipeline, PipelinePlan plan,
        IReadOnlyDictionary<string, string> parameters, int worldSize, CancellationToken ct)
    {
        var mine = new RunManifest(pipeline.Name, GraphHash(pipeline), RunParameters.Protect(parameters), InputsHash(plan), worldSize, plan.Units, DateTimeOffset.UtcNow,
            pipeline.Sinks.Cast<ISinkNode>().ToDictionary(s => s.Name, s => s.OutputUri, StringComparer.Ordinal));
        bool created;
        try
        {
            created = await run.PutAsync(RunLayout.RunManifestKey, JsonSerializer.SerializeToUtf8Bytes(mine, SluiceJson.Options), ifNoneMatch: true, ct: ct);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException && e is not ObjectNotFoundException)
        {
            throw new IOException($"cannot write the run folder {run.RootUri}: {e.Message}; pass a writable --run URI", e);
        }
        if (created) return mine;

        var theirs = await RunObjects.ReadAsync<RunManifest>(run, RunLayout.RunManifestKey, ct);
        var changes = Differences(theirs, mine, parameters).ToArray();
        if (changes.Length > 0) throw new RunMismatchException(run.RootUri, changes);
        return theirs;
    }

    // `parameters` are the current ones in clear: stored secrets are salted hashes, compared by hashing these.
    private static IEnumerable<string> Differences(RunManifest old, RunManifest now, IReadOnlyDictionary<string, string> parameters)
    {
        if (old.Pipeline != now.Pipeline) yield return $"it belongs to pipeline '{old.Pipeline}', not '{now.Pipeline}'";
        if (old.GraphHash != now.GraphHash) yield return "the pipeline's operators or outputs changed";
        foreach (var change in RunParameters.Differences(old.Parameters, parameters)) yield return change;
        if (old.InputsHash == now.InputsHash) yield break;
        var before = old.Units.ToDictionary(u => u.Id);
        var changed = now.Units.FirstOrDefault(u => !before.TryGetValue(u.Id, out var b) || b.Uri != u.Uri || b.Fingerprint != u.Fingerprint || b.Start != u.Start || b.End != u.End);
        yield return changed is null
            ? $"the input changed: {old.Units.Count} units planned before, {now.Units.Count} now"
            : $"the input changed: unit {changed.Id} ({changed.Uri}) differs from the first run's plan";
    }

    /// <summary>
    /// Hash of what defines the graph: operator names, kinds and types, inputs, and where sources read and sinks write,
    /// as absolute locations (<see cref="ObjectStores.Canonical"/>): the same relative output from two working
    /// directories is two runs, and <c>out/</c>, <c>out</c> and <c>file:///…/out</c> are one.
    /// </summary>
    public static string GraphHash(Pipeline pipeline)
    {
        var text = new StringBuilder(pipeline.Name);
        foreach (var node in pipeline.Nodes)
            text.Append('\n').Append(Identity(node)).Append('|').Append(node.OutputType?.FullName)
                .Append('|').Append(string.Join(",", node.Inputs.Select(i => i.Name)));
        return Hash(text.ToString());
    }

    private static string Identity(Node node)
    {
        var location = node switch
        {
            ISinkNode sink => sink.OutputUri,
            IPlannable source => source.InputUri,
            _ => null,
        };
        return string.IsNullOrEmpty(location) ? node.Describe() : node.Describe().Replace(location, ObjectStores.Canonical(location), StringComparison.Ordinal);
    }

    private static string InputsHash(PipelinePlan plan) =>
        Hash(string.Join("\n", plan.Units.Select(u => $"{u.Id}|{u.Uri}|{u.Start}|{u.End}|{u.Kind}|{u.Fingerprint}")));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
