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
}
