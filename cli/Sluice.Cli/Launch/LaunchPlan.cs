namespace Sluice.Cli.Launch;

/// <summary>What <c>sluice launch</c> submits: stages that run one after another, each a job array.</summary>
/// <param name="Name">Kebab-case launch name (the script's file name without extension).</param>
/// <param name="Stages">At least one stage; Sluice pipelines have exactly one today.</param>
internal sealed record LaunchPlan(string Name, IReadOnlyList<LaunchStage> Stages)
{
    /// <summary>File-name prefix for a stage's generated files: empty for a single stage, else <c>NAME.</c>.</summary>
    public string FilePrefix(LaunchStage stage) => Stages.Count == 1 ? "" : stage.Name + ".";

    /// <summary>Turns any text into a lowercase name of <c>[a-z0-9-]</c>, at most <paramref name="max"/> characters.</summary>
    public static string Kebab(string text, int max = 63)
    {
        var chars = text.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-').ToArray();
        var name = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (name.Length > max) name = name[..max].TrimEnd('-');
        return name.Length == 0 ? "sluice" : name;
    }
}
