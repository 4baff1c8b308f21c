namespace Sluice.Operators.Web.Html;

/// <summary>Options of <c>ExtractMainText</c> (<see cref="MainTextExtractor"/>).</summary>
public sealed record MainTextOptions
{
    /// <summary>A page whose main text has fewer characters than this is rejected. Default 0: only a page with no
    /// text at all is; length rules belong to the quality filters downstream (Gopher's 50 words).</summary>
    public int MinTextChars { get; init; }

    /// <summary>
    /// A page with more than this fraction of its payload bytes invalid in the charset it was decoded with
    /// (<see cref="Warc.WarcEntry.InvalidBytes"/>) is rejected as undecodable. Default 0.01: a stray bad byte in a
    /// long page passes, a page in the wrong encoding or with binary content does not.
    /// </summary>
    public double MaxInvalidByteFraction { get; init; } = 0.01;

    /// <summary>A page with more elements than this is rejected before Readability scores it, bounding the time one
    /// record takes: Readability's time grows faster than the element count (measured, one core: 20,000 nested divs
    /// about 7 s, 20,000 sibling paragraphs 3 s, a 17 KB page 27 ms). Default 20,000, far above a typical page's
    /// few thousand; 0 means no limit.</summary>
    public int MaxElements { get; init; } = 20_000;

    /// <summary>Readability's <c>CharThreshold</c>: while the article it finds is shorter than this it retries with its
    /// cleaning rules relaxed, then keeps the longest attempt. Default 500, Readability's.</summary>
    public int RetryBelowChars { get; init; } = 500;

    /// <exception cref="ArgumentOutOfRangeException">A value is negative, or the fraction is above 1.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MinTextChars);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxElements);
        ArgumentOutOfRangeException.ThrowIfNegative(RetryBelowChars);
        if (!(MaxInvalidByteFraction is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(MaxInvalidByteFraction), MaxInvalidByteFraction, "a fraction from 0 to 1");
    }
}
