namespace Sluice.Testing;

/// <summary>The repository the tests run in: the folder above the test binaries that holds Pipelines.sln.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipelines.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Pipelines.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository root.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path under the repository root.</summary>
    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The copy of apache/parquet-testing's files (<c>data/</c>, <c>bad_data/</c>).</summary>
    public static string ParquetTesting => Of("tests", "data", "parquet-testing");

    /// <summary>The copy of apache/arrow-testing's IPC files (<c>integration/</c>, fuzz cases).</summary>
    public static string ArrowTesting => Of("tests", "data", "arrow-testing");

    /// <summary>The bundled SciFact abstracts ({id, title, text}).</summary>
    public static string ScifactAbstracts => Of("examples", "data", "scifact-abstracts.jsonl");
}
