namespace Sluice.Storage.Objects;

/// <summary>Opens the store that serves a URI: <c>s3://bucket/prefix</c>, <c>file:///path</c> or a plain path.</summary>
public static class ObjectStores
{
    /// <summary>True for <c>s3://</c> URIs.</summary>
    public static bool IsS3(string uri) => uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens a store rooted at <paramref name="uri"/> (a folder or a bucket prefix).</summary>
    public static IObjectStore Open(string uri)
    {
        if (IsS3(uri))
        {
            var rest = uri[5..];
            var slash = rest.IndexOf('/');
            var bucket = slash < 0 ? rest : rest[..slash];
            var prefix = slash < 0 ? "" : rest[(slash + 1)..];
            return new S3ObjectStore(bucket, prefix, S3Settings.FromEnvironment());
        }
        return new FileObjectStore(LocalPath(uri));
    }

    /// <summary>The local path of a <c>file://</c> URI or plain path.</summary>
    public static string LocalPath(string uri) =>
        uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? uri[7..] : uri;

    /// <summary>
    /// The one spelling of a location, for telling whether two URIs name the same place: <c>s3://</c> URIs without a
    /// trailing '/', <c>file://</c> URIs and plain paths as absolute local paths (a relative path against the current
    /// directory) without a trailing '/'. Symbolic links are not followed.
    /// </summary>
    public static string Canonical(string uri)
    {
        if (IsS3(uri)) return "s3://" + uri[5..].TrimEnd('/');
        var full = Path.GetFullPath(LocalPath(uri));
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>
    /// Opens <paramref name="uri"/> to read inputs from: as <see cref="Open"/>, except that a local folder is read
    /// through symbolic links wherever they lead (see <see cref="FileObjectStore"/>); it is never written.
    /// </summary>
    public static IObjectStore OpenInput(string uri) => IsS3(uri) ? Open(uri) : new FileObjectStore(LocalPath(uri), readThroughLinks: true);

    /// <summary>Joins a root URI and a relative key with exactly one '/'.</summary>
    public static string Join(string root, string key) => root.TrimEnd('/') + "/" + key.TrimStart('/');
}
