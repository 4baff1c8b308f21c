namespace Sluice.Cli.Launch;

/// <summary>What <c>sluice launch</c> submits: stages that run one after another, each a job array.</summary>
/// <param name="Name">Kebab-case launch name (the script's file name without extension).</param>
/// <param name="Stages">At least one stage: one for a pipeline script, one per stage for a workflow.</param>
internal sealed record LaunchPlan(string Name, IReadOnlyList<LaunchStage> Stages)
{
    /// <summary>File-name prefix for a stage's generated files: empty for a single stage, else <c>NN-NAME.</c> (run order).</summary>
    public string FilePrefix(LaunchStage stage) => Stages.Count == 1 ? "" : FileStem(stage) + ".";

    /// <summary>A stage's file name without extension: its name for a single stage, else <c>NN-NAME</c> (run order).</summary>
    public string FileStem(LaunchStage stage) =>
        Stages.Count == 1 ? stage.Name : $"{IndexOf(stage) + 1:D2}-{stage.Name}";

    private int IndexOf(LaunchStage stage)
    {
        for (var i = 0; i < Stages.Count; i++) if (ReferenceEquals(Stages[i], stage)) return i;
        throw new ArgumentException($"stage {stage.Name} is not part of launch {Name}");
    }

    /// <summary>Turns any text into a lowercase name of <c>[a-z0-9-]</c>, at most <paramref name="max"/> characters.</summary>
    public static string Kebab(string text, int max = 63)
    {
        var chars = text.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-').ToArray();
        var name = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (name.Length > max) name = name[..max].TrimEnd('-');
        return name.Length == 0 ? "sluice" : name;
    }
}
