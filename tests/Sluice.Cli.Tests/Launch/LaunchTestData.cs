using Sluice.Cli.Launch;

namespace Sluice.Cli.Tests.Launch;

/// <summary>Stages and plans the launcher tests share.</summary>
internal static class LaunchTestData
{
    public static LaunchStage Stage(int worldSize = 4, string run = "/runs/wc 1", string name = "word-count") =>
        new(name, "/repo/examples/word-count.csx", run, worldSize, ["--output", "/out/word count", "--min-words", "60", "--strict"]);

    public static LaunchPlan Plan(LaunchStage stage) => new(stage.Name, [stage]);

    /// <summary>A fresh temporary folder, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sluice-launch-").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }
}
