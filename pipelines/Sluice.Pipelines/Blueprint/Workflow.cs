using System.Text.RegularExpressions;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// An immutable, named list of stages that run in order: pipeline stages (each built lazily when it starts, its
/// units spread over the ranks) and steps (a whole-dataset action run by rank 0). Declaring one does no I/O; the
/// <c>WorkflowRunner</c> runs it.
/// </summary>
/// <example>
/// <code>
/// Workflow.Create("dedup")
///     .Stage("clean", () => Pipeline.Create("clean").ReadJsonl&lt;Document&gt;(input).WriteJsonl(clean).Build())
///     .Step("count", async ct => await File.WriteAllTextAsync(countFile, "...", ct))
///     .Stage("to-parquet", () => Pipeline.Create("to-parquet").ReadJsonl&lt;Document&gt;(clean).WriteParquet(output).Build());
/// </code>
/// </example>
public sealed partial class Workflow
{
    private Workflow(string name, IReadOnlyList<WorkflowStage> stages)
    {
        Name = name;
        Stages = stages;
    }

    /// <summary>Starts a workflow with no stages. <paramref name="name"/> is kebab-case.</summary>
    /// <exception cref="ArgumentException">The name is not kebab-case.</exception>
    public static Workflow Create(string name) => new(CheckName("workflow", name), []);

    /// <summary>The workflow's kebab-case name.</summary>
    public string Name { get; }

    /// <summary>The stages, in the order they run.</summary>
    public IReadOnlyList<WorkflowStage> Stages { get; }

    /// <summary>
    /// Adds a pipeline stage. <paramref name="build"/> runs when the stage starts (on every rank, and for
    /// <c>sluice plan</c>), so it may read what earlier stages wrote; a later stage usually reads an earlier stage's
    /// dataset by its URI.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not kebab-case or is already a stage of this workflow.</exception>
    public Workflow Stage(string name, Func<Pipeline> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        return Add(new WorkflowStage(CheckNew(name), _ => Task.FromResult(build())));
    }

    /// <summary>
    /// Adds a pipeline stage whose build does I/O first (reads a vocabulary sample, loads a model); otherwise as
    /// <see cref="Stage(string, Func{Pipeline})"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not kebab-case or is already a stage of this workflow.</exception>
    public Workflow Stage(string name, Func<CancellationToken, Task<Pipeline>> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        return Add(new WorkflowStage(CheckNew(name), build));
    }

    /// <summary>
    /// Adds a step: <paramref name="action"/> runs once, on rank 0, after every earlier stage is complete. It must
    /// write its outputs so that running it again after a kill part-way is safe (overwrite, don't append); with a
    /// run folder a finished step is recorded and not run again.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not kebab-case or is already a stage of this workflow.</exception>
    public Workflow Step(string name, Func<CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Add(new WorkflowStage(CheckNew(name), action));
    }

    /// <summary>The stage called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No stage has that name; the message lists the stages.</exception>
    public WorkflowStage this[string name] =>
        Stages.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"workflow {Name} has no stage '{name}'; its stages are: {string.Join(", ", Stages.Select(s => s.Name))}");

    /// <summary>A copy whose pipeline stages pass through <paramref name="map"/> when built (the CLI applies <c>--strict</c> this way).</summary>
    public Workflow MapPipelines(Func<Pipeline, Pipeline> map) => new(Name, Stages.Select(s => s.MapPipeline(map)).ToArray());

    private Workflow Add(WorkflowStage stage) => new(Name, [.. Stages, stage]);

    private string CheckNew(string name)
    {
        CheckName("stage", name);
        if (Stages.Any(s => s.Name == name))
            throw new ArgumentException($"workflow {Name} already has a stage named '{name}': stage and step names must be unique");
        return name;
    }

    private static string CheckName(string what, string name)
    {
        if (name is null || !KebabCase().IsMatch(name))
            throw new ArgumentException($"{what} name '{name}' must be kebab-case: lower-case letters, digits and single dashes");
        return name;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
