namespace Sluice.Storage.Objects;

/// <summary>
/// The physical location of an absolute local path, every symbolic link along it resolved as the kernel would follow
/// it (POSIX <c>realpath</c>), except that a path that does not exist yet is resolved as far as it exists.
/// </summary>
internal static class RealPath
{
    // Linux gives up after 40 links (ELOOP): a cycle of links must fail, not spin.
    private const int MaxLinks = 40;

    /// <summary>Resolves <paramref name="path"/> (absolute).</summary>
    /// <exception cref="IOException">The path goes through more than 40 symbolic links (a cycle).</exception>
    public static string Of(string path)
    {
        var pending = new Stack<string>();
        Push(pending, path);
        var current = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                // The components so far are physical, so going up from them is what the kernel does too.
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var next = Path.Join(current, part);
            if (LinkTarget(next) is not { } target)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"too many levels of symbolic links in {path}");
            if (target.StartsWith('/')) current = "/";
            Push(pending, target);
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it (both physical, no trailing '/').</summary>
    public static bool IsUnder(string path, string root) =>
        root == "/" || path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            // Missing, or below a file: nothing there to follow, and nothing below it exists either.
            return null;
        }
    }

    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }
}
