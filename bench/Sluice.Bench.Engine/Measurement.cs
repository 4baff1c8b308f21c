using System.Diagnostics;

namespace Sluice.Bench.Engine;

/// <summary>Wall and process CPU time of one measured section.</summary>
/// <param name="WallSeconds">Elapsed wall-clock seconds.</param>
/// <param name="CpuSeconds">CPU seconds this process used meanwhile (all threads, GC included).</param>
public readonly record struct Measurement(double WallSeconds, double CpuSeconds)
{
    /// <summary>Runs <paramref name="work"/> after a full GC and measures it.</summary>
    public static async Task<(TResult Result, Measurement Time)> TimeAsync<TResult>(Func<Task<TResult>> work)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = await work();
        clock.Stop();
        process.Refresh();
        return (result, new Measurement(clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu0).TotalSeconds));
    }
}
