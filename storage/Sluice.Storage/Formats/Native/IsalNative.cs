using System.Runtime.InteropServices;

namespace Sluice.Storage.Formats.Native;

/// <summary>
/// Every entry point of <c>libsluice_isal.so</c> (native-kernels/isal-gzip/sluice_isal.c), bound by the
/// <see cref="LibraryImportAttribute"/> source generator. Resolved by <see cref="NativeKernels"/>; call nothing here
/// before <see cref="NativeKernels.IsalGzipLoaded"/> is true.
/// </summary>
internal static unsafe partial class IsalNative
{
    internal const string Library = "sluice_isal";

    /// <summary>The ABI version this binding expects from <see cref="Version"/>.</summary>
    internal const int AbiVersion = 1;

    /// <summary>Where a member stands after <see cref="Inflate"/>: in its header, body, trailer, or done.</summary>
    internal const int PhaseHeader = 0, PhaseBody = 1, PhaseTrailer = 2, PhaseDone = 3;

    /// <summary><see cref="Deflate"/> modes: compress, sync-flush, finish the stream.</summary>
    internal const int DeflateRun = 0, DeflateSyncFlush = 1, DeflateFinish = 2;

    /// <summary>ISA-L inflate statuses (igzip_lib.h) that mean damaged input.</summary>
    internal const int InvalidBlock = -1, InvalidSymbol = -2, InvalidLookback = -3, InvalidWrapper = -4,
        UnsupportedMethod = -5, IncorrectChecksum = -6;

    [LibraryImport(Library, EntryPoint = "sluice_isal_version")]
    internal static partial int Version();

    [LibraryImport(Library, EntryPoint = "sluice_isal_inflate_new")]
    internal static partial nint InflateNew();

    [LibraryImport(Library, EntryPoint = "sluice_isal_inflate_reset")]
    internal static partial void InflateReset(nint state);

    [LibraryImport(Library, EntryPoint = "sluice_isal_inflate")]
    internal static partial int Inflate(nint state, byte* input, uint inputLength, out uint inputUsed,
        byte* output, uint outputLength, out uint outputWritten, out int phase);

    [LibraryImport(Library, EntryPoint = "sluice_isal_inflate_free")]
    internal static partial void InflateFree(nint state);

    [LibraryImport(Library, EntryPoint = "sluice_isal_deflate_new")]
    internal static partial nint DeflateNew(int level);

    [LibraryImport(Library, EntryPoint = "sluice_isal_deflate")]
    internal static partial int Deflate(nint state, byte* input, uint inputLength, out uint inputUsed,
        byte* output, uint outputLength, out uint outputWritten, int mode, out int done);

    [LibraryImport(Library, EntryPoint = "sluice_isal_deflate_free")]
    internal static partial void DeflateFree(nint state);
}
