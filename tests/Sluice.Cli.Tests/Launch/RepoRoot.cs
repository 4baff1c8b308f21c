namespace Sluice.Cli.Tests.Launch;

/// <summary>The repository root: the nearest folder above the test binaries that holds <c>Pipelines.sln</c>.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipelines.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Pipelines.sln above {AppContext.BaseDirectory}");
    }
}
