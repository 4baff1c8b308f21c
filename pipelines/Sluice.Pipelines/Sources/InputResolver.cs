using System.Text.RegularExpressions;
using Sluice.Pipelines.Commit;
using Sluice.Pipelines.Sinks;
using Sluice.Storage.Objects;

namespace Sluice.Pipelines.Sources;

/// <summary>
/// Turns an input URI into the objects to read, in key order: a single object; a glob (<c>*</c>, <c>?</c>,
/// <c>**</c>); a folder (every object in it whose name does not start with '_' or '.'); or a Sluice dataset (a folder
/// with <c>_manifest.json</c>), of which exactly the listed shards are read, never staging or orphaned files.
/// </summary>
public static class InputResolver
{
    /// <summary>Resolves <paramref name="uri"/>; the returned files share one store per call.</summary>
    /// <exception cref="FileNotFoundException">Nothing matches; the message names the URI.</exception>
    public static async Task<IReadOnlyList<InputFile>> ResolveAsync(string uri, CancellationToken ct)
    {
        var wildcard = uri.IndexOfAny(['*', '?']);
        if (wildcard >= 0)
        {
            var root = uri[..(uri.LastIndexOf('/', wildcard) + 1)];
            var pattern = uri[root.Length..];
            var store = ObjectStores.OpenInput(root.Length > 0 ? root : ".");
            var regex = GlobToRegex(pattern);
            var files = new List<InputFile>();
            await foreach (var info in store.ListAsync(LiteralPrefix(pattern), ct))
                if (regex.IsMatch(info.Key)) files.Add(new InputFile(store, info));
            return files.Count > 0 ? files : throw new FileNotFoundException($"no input matches {uri}");
        }

        var trimmed = uri.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        var parent = ObjectStores.OpenInput(slash > 0 ? trimmed[..slash] : ".");
        var name = trimmed[(slash + 1)..];
        if (await parent.StatAsync(name, ct) is { } single) return [new InputFile(parent, single)];

        var folder = ObjectStores.OpenInput(trimmed);
        if (await folder.StatAsync(DatasetManifest.FileName, ct) is not null)
            return await FromManifestAsync(folder, ct);
        var inFolder = new List<InputFile>();
        await foreach (var info in folder.ListAsync("", ct))
            if (!info.Key.Split('/').Any(part => part.StartsWith('_') || part.StartsWith('.')))
                inFolder.Add(new InputFile(folder, info));
        return inFolder.Count > 0 ? inFolder : throw new FileNotFoundException($"input not found: {uri} (no such object, and no objects under it)");
    }

    private static async Task<IReadOnlyList<InputFile>> FromManifestAsync(IObjectStore folder, CancellationToken ct)
    {
        var manifest = await RunObjects.ReadAsync<DatasetManifest>(folder, DatasetManifest.FileName, ct);
        var files = new List<InputFile>();
        foreach (var shard in manifest.Shards)
        {
            var info = await folder.StatAsync(shard.Key, ct)
                ?? throw new FileNotFoundException($"{ObjectStores.Join(folder.RootUri, shard.Key)} is listed in the dataset manifest but missing");
            files.Add(new InputFile(folder, info));
        }
        return files;
    }

    private static string LiteralPrefix(string pattern)
    {
        var i = pattern.IndexOfAny(['*', '?']);
        var literal = pattern[..i];
        return literal[..(literal.LastIndexOf('/') + 1)];
    }

    private static Regex GlobToRegex(string glob)
    {
        var re = Regex.Escape(glob).Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]");
        return new Regex("^" + re + "$", RegexOptions.CultureInvariant);
    }
}
