using Sluice.Operators.Web.Warc;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Web.Html;

/// <summary>The <c>ExtractMainText</c> verb.</summary>
public static class HtmlVerbs
{
    /// <summary>
    /// The main text of each HTML response (<see cref="MainTextExtractor"/>): boilerplate removed by Mozilla Readability's
    /// rules (SmartReader 0.11.1), paragraphs separated by blank lines, with title, language hint and links. Records that
    /// are not 2xx HTML responses, cannot be decoded, or hold no main text are rejected with the reason.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> are not valid (thrown when the pipeline is declared).</exception>
    [Verb(OperatorRole.Transform, Rule = "Mozilla Readability (SmartReader 0.11.1) picks the article element; block elements become paragraphs joined by a blank line; non-2xx, non-HTML, undecodable, oversized (MaxElements, default 20,000) and text-less records rejected")]
    public static Flow<WebPage> ExtractMainText(this Flow<WarcEntry> flow, MainTextOptions? options = null, string? name = null)
    {
        var o = options ?? new MainTextOptions();
        o.Validate();
        return flow.MapOrReject(e => MainTextExtractor.Extract(e, o), name ?? "extract-main-text");
    }
}
