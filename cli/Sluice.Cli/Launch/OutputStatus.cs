namespace Sluice.Cli.Launch;

/// <summary>One output (sink) of a run, as <c>sluice status</c> shows it: whether its dataset manifest is written.</summary>
/// <param name="Sink">Sink name.</param>
/// <param name="Uri">Its output URI.</param>
/// <param name="State">
/// <see cref="Pending"/> (units still uncommitted), <see cref="Written"/> (its <c>_manifest.json</c> lists exactly the
/// committed shards), <see cref="Missing"/> or <see cref="Stale"/> (a run killed after its last commit and before or
/// while writing the manifest; a rerun writes it).
/// </param>
internal sealed record OutputStatus(string Sink, string Uri, string State)
{
    /// <summary>Some units are not committed yet, so no manifest is due.</summary>
    public const string Pending = "pending";

    /// <summary>The manifest lists exactly the committed shards.</summary>
    public const string Written = "manifest written";

    /// <summary>Every unit is committed but there is no manifest.</summary>
    public const string Missing = "manifest missing — rerun to finish";

    /// <summary>Every unit is committed but the manifest there lists other shards (an older run's).</summary>
    public const string Stale = "manifest out of date — rerun to finish";
}
