using Sluice.Pipelines.Blueprint;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Dedup;

/// <summary>
/// Deduplication as workflow stages: each enabled method finds the documents to remove through the exchange (so
/// documents on different ranks meet), writes a removal list under <see cref="DedupOptions.Work"/>, and a last
/// <c>dedup-filter</c> stage writes every other document unchanged to <see cref="DedupOptions.Output"/> and rejects each
/// removed one with its reason (the rule, the kept document's id and origin, the similarity). Methods run in order
/// (exact, then MinHash over what exact kept, then SemDeDup over what both kept); every stage commits and resumes like any other, on any number of ranks.
/// </summary>
public static class DedupWorkflow
{
    /// <summary>Adds the stages of the methods <paramref name="options"/> enables, then the filter.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names the field.</exception>
    public static Workflow AddDedupStages(this Workflow workflow, DedupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var paths = new DedupPaths(options.Work);
        if (options.Modes.HasFlag(DedupModes.Exact)) workflow = ExactDedupStages.Add(workflow, options, paths);
        if (options.Modes.HasFlag(DedupModes.MinHash))
            workflow = MinHashDedupStages.Add(workflow, options, paths, paths.RemovalsOf(options.Modes & DedupModes.Exact));
        if (options.Modes.HasFlag(DedupModes.Semantic))
            workflow = SemanticDedupStages.Add(workflow, options, paths, paths.RemovalsOf(options.Modes & (DedupModes.Exact | DedupModes.MinHash)));
        var lists = paths.RemovalsOf(options.Modes);
        return workflow.Stage("dedup-filter", async ct =>
        {
            var removed = await RemovalSet.LoadAsync(lists, ct);
            return Pipeline.Create("dedup-filter").ReadJsonl<Row>(options.Input).DropRemoved(removed).WriteJsonl(options.Output).Build();
        });
    }
}
