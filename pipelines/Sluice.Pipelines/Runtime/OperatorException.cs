namespace Sluice.Pipelines.Runtime;

/// <summary>
/// A fault inside an operator, naming the operator, the work unit and the record, so a failed run says
/// exactly where it stopped.
/// </summary>
public sealed class OperatorException(string op, string unit, string file, long position, string? recordId, Exception inner)
    : Exception(Describe(op, unit, file, position, recordId, inner), inner)
{
    /// <summary>The operator's name.</summary>
    public string Operator { get; } = op;

    /// <summary>The work unit's id.</summary>
    public string Unit { get; } = unit;

    /// <summary>The input URI of the unit.</summary>
    public string File { get; } = file;

    /// <summary>Line or row of the record in its input (-1 when not known).</summary>
    public long Position { get; } = position;

    /// <summary>The record's id, when its type has an <c>Id</c> property.</summary>
    public string? RecordId { get; } = recordId;

    private static string Describe(string op, string unit, string file, long position, string? id, Exception inner)
    {
        var where = position >= 0 ? $" at record {position}" : "";
        var rec = id is null ? "" : $" (id '{id}')";
        return $"operator '{op}' failed on unit {unit} ({file}){where}{rec}: {inner.GetType().Name}: {inner.Message}";
    }
}
