using System.Text.Json.Serialization;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// What an operator does to the records that reach it: a verb's declared role and the <see cref="Node.Role"/> of
/// the node it adds. Plans, metrics and JSON spell it in lower case (<see cref="OperatorRoleNames.ToName"/>), so it
/// reads the same in <c>sluice ops</c>, <c>sluice plan</c>, progress lines and <c>stats.json</c>.
/// </summary>
[JsonConverter(typeof(OperatorRoleJsonConverter))]
public enum OperatorRole
{
    /// <summary>Reads records from outside the pipeline; has no input flow.</summary>
    Source,

    /// <summary>Keeps or rejects each record, with a reason; the record type does not change.</summary>
    Filter,

    /// <summary>Computes new records from each record (map, flat-map), in process and without a model.</summary>
    Transform,

    /// <summary>Calls a model or a remote service on batches of records.</summary>
    Inference,

    /// <summary>Holds state across the records of a work unit (an accumulator, a dedup table).</summary>
    Stateful,

    /// <summary>Joins several flows of one record type into one.</summary>
    Merge,

    /// <summary>Writes records out of the pipeline; ends a flow.</summary>
    Sink,
}
