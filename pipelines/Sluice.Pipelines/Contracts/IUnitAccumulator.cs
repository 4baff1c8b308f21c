namespace Sluice.Pipelines.Contracts;

/// <summary>
/// The state of a stateful operator for one work unit: it sees every record of the unit, then emits.
/// Stateful operators restart their unit from the beginning after an interruption (their state is not checkpointed).
/// </summary>
public interface IUnitAccumulator<in TIn, out TOut>
{
    /// <summary>Takes one record.</summary>
    void Add(TIn record);

    /// <summary>Called once after the unit's last record; returns what the operator emits for the unit.</summary>
    IEnumerable<TOut> Complete();
}
