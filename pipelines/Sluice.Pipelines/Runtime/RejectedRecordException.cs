using Sluice.Pipelines.Contracts;

namespace Sluice.Pipelines.Runtime;

/// <summary>Stops a run under <see cref="ErrorPolicy.Stop"/> at the first rejected record.</summary>
public sealed class RejectedRecordException(RejectRecord reject)
    : Exception($"record rejected by '{reject.Operator}' in {reject.File} at record {reject.Position} (unit {reject.Unit}): {reject.Reason} — the run is strict; drop --strict to quarantine rejects and go on")
{
    /// <summary>The reject that stopped the run.</summary>
    public RejectRecord Reject { get; } = reject;
}
