namespace Sluice.Operators.Torch.GroupMates;

/// <summary>How the Group-MATES steps write files so that a kill at any instant and a rerun stay safe.</summary>
internal static class RunFiles
{
    /// <summary>Writes a step's output whole, then renames it over the last one: a step killed part-way leaves nothing half-written.</summary>
    public static void WriteWhole(string path, Action<string> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.tmp-{Environment.ProcessId}";
        write(temp);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Writes an input a stage makes for itself, which every rank that starts the stage does: the first file wins and
    /// stays, so the inputs' fingerprints (and the stage's resume) do not change.
    /// </summary>
    public static void WriteOnce(string path, Action<string> write)
    {
        if (File.Exists(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.tmp-{Environment.ProcessId}";
        write(temp);
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) when (File.Exists(path)) { File.Delete(temp); }
    }
}
