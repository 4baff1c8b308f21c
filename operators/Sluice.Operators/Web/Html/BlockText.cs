using System.Text;
using AngleSharp.Dom;

namespace Sluice.Operators.Web.Html;

/// <summary>
/// The plain text of an element as paragraphs: each block element (<c>p</c>, headings, list items, table rows,
/// <c>div</c>, …) starts and ends a paragraph, <c>br</c> ends a line, whitespace runs become one space and lines are
/// trimmed; a <c>pre</c> is one paragraph kept as written. Paragraphs are joined by a blank line.
/// </summary>
internal sealed class BlockText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    };

    // Not text a reader sees; Readability removes most of these already, this keeps the rule independent of it.
    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "svg", "math", "head", "title", "iframe", "object", "select", "button",
    };

    private readonly List<string> _paragraphs = [];
    private readonly StringBuilder _current = new();

    /// <summary>The text of <paramref name="root"/> by the rule above; empty when it holds no visible text.</summary>
    public static string Of(INode root)
    {
        var text = new BlockText();
        text.Walk(root);
        text.EndParagraph();
        return string.Join("\n\n", text._paragraphs);
    }

    private void Walk(INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    AppendCollapsed(t.Data);
                    break;
                case IElement e when Hidden.Contains(e.LocalName):
                    break;
                case IElement e when e.LocalName == "br":
                    _current.Append('\n');
                    break;
                case IElement e when e.LocalName == "pre":
                    EndParagraph();
                    var code = e.TextContent.Trim('\n', '\r');
                    if (code.Trim().Length > 0) _paragraphs.Add(code);
                    break;
                case IElement e when Blocks.Contains(e.LocalName):
                    EndParagraph();
                    Walk(e);
                    EndParagraph();
                    break;
                case IElement e:
                    // Table cells sit side by side: a space keeps their words apart.
                    if (e.LocalName is "td" or "th") _current.Append(' ');
                    Walk(e);
                    break;
            }
        }
    }

    private void AppendCollapsed(string data)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (_current.Length > 0 && _current[^1] is not (' ' or '\n')) _current.Append(' ');
            }
            else _current.Append(c);
        }
    }

    private void EndParagraph()
    {
        if (_current.Length == 0) return;
        var lines = _current.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
        var paragraph = string.Join("\n", lines);
        if (paragraph.Length > 0) _paragraphs.Add(paragraph);
        _current.Clear();
    }
}
