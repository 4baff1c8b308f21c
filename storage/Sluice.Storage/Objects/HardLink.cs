using System.Runtime.InteropServices;

namespace Sluice.Storage.Objects;

/// <summary>
/// POSIX <c>link(2)</c>: makes a second name for a file, failing with <c>EEXIST</c> when the name is taken, atomically.
/// <see cref="File.Move(string, string, bool)"/> without overwrite falls back to "check, then rename" where .NET's own
/// link attempt fails, and that lets two racing writers both win; the file store's If-None-Match needs the atomic form.
/// </summary>
internal static partial class HardLink
{
    private const int EExist = 17;

    /// <summary>True when <paramref name="target"/> now names <paramref name="source"/>'s file; false when it already existed.</summary>
    /// <exception cref="IOException">Linking failed for another reason; the message names both paths and the errno.</exception>
    public static bool TryCreate(string source, string target)
    {
        if (Link(source, target) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EExist) return false;
        throw new IOException($"cannot link {source} to {target}: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string source, string target);
}
