namespace Sluice.Pipelines.Tests.TestSupport;

/// <summary>The repository root (the folder holding Pipelines.sln) and its example data.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string ScifactAbstracts => System.IO.Path.Combine(Path, "examples", "data", "scifact-abstracts.jsonl");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Pipelines.sln"))) return dir.FullName;
        throw new InvalidOperationException("Pipelines.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A document of the example data, as <c>{id, title, text}</c>.</summary>
public sealed record Abstract(string Id, string? Title, string Text);
