namespace Sluice.Storage.Formats.Native;

/// <summary>What the environment variable <c>SLUICE_NATIVE</c> asks of the native kernels.</summary>
public enum NativeMode
{
    /// <summary>Unset, <c>on</c>, <c>1</c> or <c>auto</c>: native kernels where loaded, managed fallbacks otherwise.</summary>
    Auto,

    /// <summary><c>off</c>, <c>0</c> or <c>false</c>: managed code only (for comparisons, and machines without the library).</summary>
    Off,

    /// <summary><c>require</c>: like <see cref="Auto"/>, but a kernel that cannot load says so once on stderr.</summary>
    Require,
}
