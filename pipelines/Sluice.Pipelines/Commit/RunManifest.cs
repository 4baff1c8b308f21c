using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Commit;

/// <summary>
/// <c>run.json</c>: what a run is, so a resume can prove it continues the same run. Written once, with
/// <c>If-None-Match</c>, by whichever rank starts first.
/// </summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="GraphHash">Hash of the operator graph (names, kinds, record types, sink URIs).</param>
/// <param name="Parameters">The script's parameters; secrets and URL user-info only as salted hashes (<see cref="RunParameters"/>).</param>
/// <param name="InputsHash">Hash of the planned units and their input fingerprints.</param>
/// <param name="WorldSize">Ranks of the first launch (a resume may use another; units are independent of ranks).</param>
/// <param name="Units">The plan.</param>
/// <param name="Created">When the run started.</param>
/// <param name="Outputs">Per sink name, its output URI, so <c>sluice status</c> can tell whether each dataset manifest is
/// written. Default null: a run folder written before Sluice recorded it.</param>
public sealed record RunManifest(string Pipeline, string GraphHash, IReadOnlyDictionary<string, string> Parameters, string InputsHash,
    int WorldSize, IReadOnlyList<WorkUnit> Units, DateTimeOffset Created, IReadOnlyDictionary<string, string>? Outputs = null);
