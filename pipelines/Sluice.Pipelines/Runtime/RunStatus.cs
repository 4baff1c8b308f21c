namespace Sluice.Pipelines.Runtime;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>Every assigned unit was committed.</summary>
    Completed,
    /// <summary>Stopped by the user; finished units are committed, the others will be redone.</summary>
    Cancelled,
    /// <summary>An operator or storage fault stopped the run.</summary>
    Failed,
}
