namespace Sluice.Pipelines.Contracts;

/// <summary>What a run does with a rejected record.</summary>
public enum ErrorPolicy
{
    /// <summary>Keep it in the rejects sink with its reason, count it, go on (the default).</summary>
    Reject,
    /// <summary>Stop the run at the first reject (<c>--strict</c>).</summary>
    Stop,
}
