namespace Sluice.Operators.Tests.Training;

/// <summary>A fact that needs python3 on PATH: skipped, with the reason, where there is none.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    /// <summary>python3's path, or null.</summary>
    public static string? Python { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Select(dir => Path.Combine(dir, "python3")).FirstOrDefault(File.Exists);

    public PythonFactAttribute()
    {
        if (Python is null) Skip = "python3 is not on PATH: the independent Megatron reader needs it (Debian: apt install python3)";
    }
}
