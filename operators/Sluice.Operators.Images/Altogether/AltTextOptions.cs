namespace Sluice.Operators.Images.Altogether;

/// <summary>How alt-texts are cleaned and which are dropped as trivial.</summary>
public sealed record AltTextOptions
{
    /// <summary>Alt-texts longer than this many characters (after cleaning) are cut at a word boundary. Default 1,000.</summary>
    public int MaxChars { get; init; } = 1000;

    /// <summary>
    /// Alt-texts that say nothing about an image, compared case-insensitively after cleaning. Default: image, img,
    /// picture, photo, icon, logo, graphic, screenshot, untitled, thumbnail, placeholder, spacer, and their plurals.
    /// </summary>
    public IReadOnlySet<string> TrivialWords { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "image", "images", "img", "picture", "pictures", "pic", "photo", "photos", "icon", "icons", "logo", "graphic",
        "screenshot", "untitled", "thumbnail", "placeholder", "spacer", "alt", "null", "none", "undefined",
    };

    /// <summary>Reject an image that has no alt-text left after cleaning. Default false: it is captioned from the image alone.</summary>
    public bool RequireAltText { get; init; }

    /// <summary>
    /// Keep the alt-texts exactly as they came (no decoding, normalising or trivial-alt dropping; only exact
    /// duplicates removed, as the reference's <c>set</c> does). Default false. <see cref="MaxChars"/> and
    /// <see cref="TrivialWords"/> are then unused.
    /// </summary>
    public bool KeepRaw { get; init; }

    /// <summary>
    /// The Altogether reference's alt-text handling: the raw alt-text set, nothing cleaned or dropped, no image rejected
    /// for lacking alt-text (MetaCLIP <c>apps/altogether/infer.py</c> at commit f47f7841f6a91cc5676729a3d125519393d87d1e
    /// joins <c>set(text[1] for text in texts)</c> as read from the shard).
    /// </summary>
    public static AltTextOptions Reference { get; } = new() { KeepRaw = true };
}
