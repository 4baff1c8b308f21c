using System.Text;

namespace Sluice.Operators.Text.Cleaning;

/// <summary>Collapses every run of Unicode whitespace (and control characters) into one space and trims the ends.</summary>
public static class WhitespaceNormalizer
{
    /// <summary>The normalised text; returns the same instance when nothing changes.</summary>
    public static string Normalize(string text)
    {
        if (!NeedsWork(text)) return text;
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool NeedsWork(string text)
    {
        if (text.Length == 0) return false;
        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])) return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ') { if (i + 1 < text.Length && text[i + 1] == ' ') return true; continue; }
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return true;
        }
        return false;
    }
}
