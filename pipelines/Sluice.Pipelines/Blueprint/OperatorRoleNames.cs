namespace Sluice.Pipelines.Blueprint;

/// <summary>The lower-case spelling of an <see cref="OperatorRole"/>, as plans, progress lines and stats show it.</summary>
public static class OperatorRoleNames
{
    /// <summary><c>source</c>, <c>filter</c>, <c>transform</c>, <c>inference</c>, <c>stateful</c>, <c>merge</c> or <c>sink</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a declared role.</exception>
    public static string ToName(this OperatorRole role) => role switch
    {
        OperatorRole.Source => "source",
        OperatorRole.Filter => "filter",
        OperatorRole.Transform => "transform",
        OperatorRole.Inference => "inference",
        OperatorRole.Stateful => "stateful",
        OperatorRole.Merge => "merge",
        OperatorRole.Sink => "sink",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not an operator role"),
    };
}
