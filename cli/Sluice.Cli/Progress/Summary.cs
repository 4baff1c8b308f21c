using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Runtime;

namespace Sluice.Cli.Progress;

/// <summary>The short report printed when a run, or a stage of a workflow, ends.</summary>
internal static class Summary
{
    public static void Print(RunResult result, TextWriter @out)
    {
        @out.WriteLine($"pipeline {result.Pipeline}: {result.Status.ToString().ToLowerInvariant()} in {result.Elapsed.TotalSeconds:F1} s, " +
                       $"{result.UnitsCommitted}/{result.UnitsAssigned} units committed ({result.UnitsPlanned} planned)");
        if (result.Error is { } e) @out.WriteLine($"error: {e.Message}");
        @out.WriteLine($"{"operator",-22} {"kind",-10} {"in",12} {"out",12} {"rejected",9} {"busy s",8}");
        foreach (var op in result.Operators)
            @out.WriteLine($"{op.Name,-22} {op.Role.ToName(),-10} {op.RecordsIn,12:N0} {op.RecordsOut,12:N0} {op.Rejected,9:N0} {op.BusySeconds,8:F2}");
        foreach (var (sink, uri) in result.Outputs)
            @out.WriteLine($"output {sink}: {uri}{(result.ManifestsWritten ? " (manifest written)" : "")}");
        if (result.Rejected > 0) @out.WriteLine($"{result.Rejected:N0} records rejected: see {RunLayout.RejectsFolder}/ under the first output");
    }

    /// <summary>One stage of a workflow: a line, then the pipeline's summary when one ran.</summary>
    public static void Print(WorkflowStageResult result, TextWriter @out)
    {
        var kind = result.Kind == WorkflowStageKind.Step ? "step" : "pipeline";
        var how = result.Skipped is { } why ? $"skipped ({why})" : $"{result.Status.ToString().ToLowerInvariant()} in {result.Elapsed.TotalSeconds:F1} s";
        @out.WriteLine($"stage {result.Stage} ({kind}): {how}");
        if (result.Run is { } run) Print(run, @out);
        else if (result.Error is { } e) @out.WriteLine($"error: {e.Message}");
    }
}
