using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Planning;
using Sluice.Pipelines.Sources;
using Sluice.Storage.Objects;

namespace Sluice.Operators.Images.Sources;

/// <summary>
/// Reads HTML pages (one work unit per page) and yields every <c>&lt;img&gt;</c> with its alt-text, the image file it
/// points to (resolved relative to the page, in the same store; <c>data:</c> URIs decoded) and the nearest surrounding
/// text. Pages are parsed with AngleSharp's HTML5 parser, so broken markup parses as a browser would. An image with no
/// <c>src</c>, a remote one, one outside the store, or a missing file is a reject with the reason at the image's
/// position (its index on the page); nothing is skipped silently.
/// </summary>
/// <param name="uri">Object, folder or glob URI of pages (e.g. <c>…/help/en/*.html</c>).</param>
/// <param name="maxPageBytes">Largest page read, in bytes. Default 16 MiB.</param>
/// <param name="contextChars">Most characters of surrounding text kept. Default 300.</param>
public sealed class HtmlImageSource(string uri, int maxPageBytes = 16 << 20, int contextChars = 300) : PlannedSource<ImageAltPair>(uri)
{
    /// <inheritdoc />
    public override string Describe() => $"html-images {Uri}";

    /// <inheritdoc />
    public override async IAsyncEnumerable<SourceItem<ImageAltPair>> ReadAsync(WorkUnit unit, [EnumeratorCancellation] CancellationToken ct)
    {
        var file = FileOf(unit);
        if (file.Info.Size > maxPageBytes)
        {
            yield return new SourceItem<ImageAltPair>(null, 0, $"page is {file.Info.Size} bytes, over the {maxPageBytes}-byte limit; its images were not read", Fatal: true);
            yield break;
        }
        IDocument document;
        await using (var stream = await file.OpenPlannedAsync(ct: ct))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            document = await new HtmlParser().ParseDocumentAsync(buffer, ct);
        }
        using (document)
        {
            var images = document.QuerySelectorAll("img").ToArray();
            for (var i = 0; i < images.Length; i++)
                yield return await ReadImageAsync(file, images[i], i, ct);
        }
    }

    private async Task<SourceItem<ImageAltPair>> ReadImageAsync(InputFile page, IElement img, int index, CancellationToken ct)
    {
        var src = img.GetAttribute("src")?.Trim();
        var alt = img.GetAttribute("alt");
        var uuid = UuidOf(page.Info.Key, index);
        if (string.IsNullOrEmpty(src)) return Reject(index, $"<img> {index} ({uuid}) has no src");
        IReadOnlyList<string> alts = alt is null ? [] : [alt];
        var context = ContextOf(img);
        if (src.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = DecodeDataUri(src);
            return bytes is null
                ? Reject(index, $"<img> {index} ({uuid}) has a data: URI that is not base64 image data")
                : new SourceItem<ImageAltPair>(new ImageAltPair(uuid, page.Uri, null, bytes, alts, context), index);
        }
        var key = Resolve(page.Info.Key, src, out var problem);
        if (key is null) return Reject(index, $"<img> {index} ({uuid}) src '{Cut(src)}': {problem}");
        var imageUri = ObjectStores.Join(page.Store.RootUri, key);
        try
        {
            await using var stream = await page.Store.OpenReadAsync(key, ct);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            return new SourceItem<ImageAltPair>(new ImageAltPair(uuid, page.Uri, imageUri, buffer.ToArray(), alts, context), index);
        }
        catch (ObjectNotFoundException)
        {
            return Reject(index, $"<img> {index} ({uuid}): image file not found: {imageUri}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return Reject(index, $"<img> {index} ({uuid}): image file not readable: {imageUri} ({e.GetType().Name})");
        }
    }

    /// <summary>The key of <paramref name="src"/> relative to the page at <paramref name="pageKey"/>, or null with the reason.</summary>
    internal static string? Resolve(string pageKey, string src, out string? problem)
    {
        problem = null;
        var bare = src.Split('#', 2)[0].Split('?', 2)[0];
        if (bare.Contains("://", StringComparison.Ordinal) || bare.StartsWith("//", StringComparison.Ordinal))
        {
            problem = "remote image, not fetched";
            return null;
        }
        string decoded;
        try { decoded = System.Uri.UnescapeDataString(bare); }
        catch (UriFormatException) { decoded = bare; }
        var parts = new List<string>();
        if (!decoded.StartsWith('/'))
        {
            var dir = pageKey.Contains('/') ? pageKey[..pageKey.LastIndexOf('/')] : "";
            if (dir.Length > 0) parts.AddRange(dir.Split('/'));
        }
        foreach (var part in decoded.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) { problem = "points outside the input folder"; return null; }
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        if (parts.Count == 0) { problem = "points at a folder, not a file"; return null; }
        return string.Join('/', parts);
    }

    /// <summary>The image's id: the first 32 hex digits of SHA-256 over page key and image index.</summary>
    internal static string UuidOf(string pageKey, int index) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{pageKey}#img{index}")))[..32];

    private string? ContextOf(IElement img)
    {
        var figure = img.Closest("figure");
        var caption = figure?.QuerySelector("figcaption")?.TextContent;
        if (!string.IsNullOrWhiteSpace(caption)) return Collapse(caption);
        // Walk up to the nearest ancestor with text: an <img> in a wrapper div shares text only with its section.
        var node = img.ParentElement;
        for (var level = 0; node is not null && level < 4; level++, node = node.ParentElement)
        {
            if (node.LocalName is "body" or "html") break;
            var text = Collapse(node.TextContent);
            if (text.Length > 0) return text;
        }
        return null;
    }

    private string Collapse(string text)
    {
        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= contextChars ? collapsed : collapsed[..contextChars];
    }

    private static byte[]? DecodeDataUri(string src)
    {
        var comma = src.IndexOf(',');
        if (comma < 0 || !src[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase) || !src[5..comma].StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            return null;
        try { return Convert.FromBase64String(src[(comma + 1)..]); }
        catch (FormatException) { return null; }
    }

    private static SourceItem<ImageAltPair> Reject(int index, string reason) => new(null, index, reason);

    private static string Cut(string s) => s.Length <= 120 ? s : s[..120] + "…";
}
