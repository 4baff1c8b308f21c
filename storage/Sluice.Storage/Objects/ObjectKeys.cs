namespace Sluice.Storage.Objects;

/// <summary>Checks on object keys read from data (manifests, commits), before any is used to reach an object.</summary>
public static class ObjectKeys
{
    /// <summary>
    /// True for a key that names an object below a store's root by itself: not empty, not absolute, '/'-separated
    /// segments none of which is empty, <c>.</c> or <c>..</c>, and no backslash or control character. Such a key cannot
    /// leave the root by its name (a local store still refuses one that leaves it through a symbolic link).
    /// </summary>
    public static bool IsPlainRelative(string? key) =>
        !string.IsNullOrEmpty(key)
        && !key.Contains('\\')
        && !key.Any(char.IsControl)
        && key.Split('/').All(segment => segment is not ("" or "." or ".."));
}
