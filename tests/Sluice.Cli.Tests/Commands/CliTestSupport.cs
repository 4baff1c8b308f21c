using Sluice.Testing;
namespace Sluice.Cli.Tests.Commands;

/// <summary>A temp folder for scripts and outputs, the example data, and a way to call the CLI in process.</summary>
public sealed class CliSandbox : IDisposable
{
    public CliSandbox()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sluice-cli-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public static string Abstracts => RepoPaths.ScifactAbstracts;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Script(string name, string code)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, code);
        return path;
    }

    public static async Task<(int Exit, string Out, string Err)> SluiceAsync(params string[] argv)
    {
        using var @out = new StringWriter();
        using var err = new StringWriter();
        var exit = await Program.RunAsync(argv, @out, err, CancellationToken.None);
        return (exit, @out.ToString(), err.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }

}
