using System.Runtime.InteropServices;

namespace Sluice.Storage.Formats.Native;

/// <summary>
/// Finds and loads the native kernels (native-kernels/README.md) and says which ones serve. The library is looked
/// for, in order, in the folder of the running application (<see cref="AppContext.BaseDirectory"/>: build/bin for
/// the CLI), in <c>$SLUICE_NATIVE_DIR</c>, and in <c>build/native</c> of the first folder above the application
/// that has one (tests and benchmarks run from their own bin folders inside the repository).
/// </summary>
public static class NativeKernels
{
    /// <summary>The file <c>make build</c> writes to <c>build/native</c> and copies beside the CLI.</summary>
    public const string IsalFileName = "libsluice_isal.so";

    private static readonly Lazy<(nint Handle, string? Error)> Isal = new(LoadIsal);
    private static int _requireWarned;

    /// <summary>The mode <c>SLUICE_NATIVE</c> sets, read once per call (tests may change it).</summary>
    public static NativeMode Mode => ParseMode(Environment.GetEnvironmentVariable("SLUICE_NATIVE"));

    /// <summary>Whether <c>libsluice_isal.so</c> loaded and answered with the ABI version this binding expects.</summary>
    public static bool IsalGzipLoaded => Isal.Value.Handle != 0;

    /// <summary>Why <c>libsluice_isal.so</c> did not load (the paths tried), or null when it did.</summary>
    public static string? IsalGzipLoadError => Isal.Value.Error;

    /// <summary>
    /// Whether <see cref="CompressionCodec"/> reads and writes gzip through ISA-L: the library is loaded and
    /// <see cref="Mode"/> is not <see cref="NativeMode.Off"/>. Under <see cref="NativeMode.Require"/> a missing
    /// library is reported once on stderr and the managed codec serves.
    /// </summary>
    public static bool UseIsalGzip
    {
        get
        {
            var mode = Mode;
            if (mode == NativeMode.Off) return false;
            if (IsalGzipLoaded) return true;
            if (mode == NativeMode.Require && Interlocked.Exchange(ref _requireWarned, 1) == 0)
                Console.Error.WriteLine($"sluice: SLUICE_NATIVE=require but the ISA-L gzip kernel did not load, using System.IO.Compression: {IsalGzipLoadError}");
            return false;
        }
    }

    /// <summary>Parses a <c>SLUICE_NATIVE</c> value; anything unrecognised is <see cref="NativeMode.Auto"/>.</summary>
    public static NativeMode ParseMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "off" or "0" or "false" or "no" => NativeMode.Off,
        "require" => NativeMode.Require,
        _ => NativeMode.Auto,
    };

    /// <summary>The paths <see cref="IsalFileName"/> is looked for at, in order.</summary>
    public static IEnumerable<string> Candidates()
    {
        yield return Path.Combine(AppContext.BaseDirectory, IsalFileName);
        if (Environment.GetEnvironmentVariable("SLUICE_NATIVE_DIR") is { Length: > 0 } dir) yield return Path.Combine(dir, IsalFileName);
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var path = Path.Combine(d.FullName, "build", "native", IsalFileName);
            if (File.Exists(path))
            {
                yield return path;
                yield break;
            }
        }
    }

    private static (nint, string?) LoadIsal()
    {
        var tried = new List<string>();
        foreach (var path in Candidates())
        {
            if (!File.Exists(path))
            {
                tried.Add($"{path} (absent)");
                continue;
            }
            // Fails when libisal.so.2 itself is missing, not only the shim.
            if (!NativeLibrary.TryLoad(path, out var handle))
            {
                tried.Add($"{path} (did not load: is libisal2 installed?)");
                continue;
            }
            NativeLibrary.SetDllImportResolver(typeof(NativeKernels).Assembly, (name, _, _) => name == IsalNative.Library ? handle : 0);
            var version = IsalNative.Version();
            if (version == IsalNative.AbiVersion) return (handle, null);
            return (0, $"{path} has ABI version {version}, expected {IsalNative.AbiVersion}: rebuild with make build");
        }
        return (0, $"{IsalFileName} not found or not loadable ({string.Join("; ", tried)}); `make build` builds it from Debian's libisal-dev");
    }
}
