using System.Diagnostics;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Pipelines.Runtime;

/// <summary>Decides, for one unit being read, when the next batch should carry a checkpoint mark.</summary>
internal sealed class CheckpointClock(PipelineOptions options)
{
    private long _lastConsumed;
    private long _lastTime = Stopwatch.GetTimestamp();

    /// <summary>True when either threshold of <see cref="PipelineOptions"/> has passed since the last mark.</summary>
    public bool Due(long consumed) =>
        options.CheckpointRecords > 0 && consumed - _lastConsumed >= options.CheckpointRecords
        || options.CheckpointInterval > TimeSpan.Zero && Stopwatch.GetElapsedTime(_lastTime) >= options.CheckpointInterval;

    public void Marked(long consumed)
    {
        _lastConsumed = consumed;
        _lastTime = Stopwatch.GetTimestamp();
    }
}
