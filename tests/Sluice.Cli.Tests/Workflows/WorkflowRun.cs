using System.Diagnostics;
using Sluice.Pipelines.Runtime;
using Sluice.Operators.Text;
using Sluice.Pipelines.Blueprint;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Workflows;

/// <summary>What the workflow tests share: the test workflow script, in-process and child-process runs, and reading outputs.</summary>
internal static class WorkflowRun
{
    public static string Script => RepoPaths.Of("tests", "Sluice.Cli.Tests", "Workflows", "Scripts", "wf-three.csx");

    /// <summary>Runs <c>sluice ARGS</c> in this process.</summary>
    public static async Task<(int Code, string Out, string Err)> CliAsync(params string[] argv)
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        var code = await Program.RunAsync(argv, @out, err, CancellationToken.None);
        return (code, @out.ToString(), err.ToString());
    }

    /// <summary>Starts <c>sluice ARGS</c> as a child process: the CLI built beside these tests.</summary>
    public static Process Start(params string[] argv)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "sluice"))
        {
            WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in argv) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "1";
        return Process.Start(psi)!;
    }

    /// <summary>Sorted ids of the Parquet dataset the workflow's last stage writes (read through its manifest).</summary>
    public static async Task<IReadOnlyList<string>> ParquetIdsAsync(string work)
    {
        var records = await RecordCollector.CollectAsync(p => p.ReadParquet<Document>(Path.Combine(work, "parquet")));
        return records.Select(r => r.Id).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Lines the step appended to <c>steps.log</c>: one per time its action ran.</summary>
    public static string[] StepLog(string work) =>
        File.Exists(Path.Combine(work, "steps.log")) ? File.ReadAllLines(Path.Combine(work, "steps.log")) : [];
}
