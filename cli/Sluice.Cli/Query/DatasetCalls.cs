namespace Sluice.Cli.Query;

/// <summary>
/// Finds the <c>dataset('URI')</c> calls of a SQL text. A small lexer rather than a regular expression, so that the
/// word inside a string literal, a quoted identifier or a comment is left alone, and a column or table that happens to
/// be called <c>dataset</c> (no parenthesis after it, or qualified as <c>t.dataset</c>) is not taken for a call.
/// </summary>
internal static class DatasetCalls
{
    private const string Name = "dataset";

    /// <summary>Every call, in text order.</summary>
    /// <exception cref="QueryException">A call whose argument is not one single-quoted string literal.</exception>
    public static IReadOnlyList<DatasetCall> Find(string sql)
    {
        var calls = new List<DatasetCall>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"') i = AfterQuoted(sql, i, c);
            else if (c == '-' && At(sql, i + 1, '-')) i = AfterLine(sql, i);
            else if (c == '/' && At(sql, i + 1, '*')) i = AfterBlockComment(sql, i);
            else if (c == '$' && DollarTag(sql, i) is { } tag) i = AfterDollarQuoted(sql, i, tag);
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < sql.Length && IsIdentifierPart(sql[i])) i++;
                if (i - start == Name.Length && sql.AsSpan(start, Name.Length).Equals(Name, StringComparison.OrdinalIgnoreCase)
                    && (start == 0 || sql[start - 1] != '.') && Call(sql, start, i) is { } call)
                {
                    calls.Add(call);
                    i = start + call.Length;
                }
            }
            else i++;
        }
        return calls;
    }

    /// <summary><paramref name="sql"/> with each call replaced by what <paramref name="replacement"/> gives for its URI.</summary>
    public static string Rewrite(string sql, IReadOnlyList<DatasetCall> calls, Func<string, string> replacement)
    {
        var text = new System.Text.StringBuilder(sql.Length);
        var at = 0;
        foreach (var call in calls)
        {
            text.Append(sql, at, call.Start - at).Append(replacement(call.Uri));
            at = call.Start + call.Length;
        }
        return text.Append(sql, at, sql.Length - at).ToString();
    }

    // The call starting at `start` whose name ends at `end`, or null when no '(' follows (then it is a plain name).
    private static DatasetCall? Call(string sql, int start, int end)
    {
        var i = SkipSpace(sql, end);
        if (!At(sql, i, '(')) return null;
        i = SkipSpace(sql, i + 1);
        if (!At(sql, i, '\'')) throw Malformed(sql, start);
        var close = AfterQuoted(sql, i, '\'');
        if (close > sql.Length) throw Malformed(sql, start);
        var uri = sql[(i + 1)..(close - 1)].Replace("''", "'", StringComparison.Ordinal);
        i = SkipSpace(sql, close);
        if (!At(sql, i, ')') || uri.Length == 0) throw Malformed(sql, start);
        return new DatasetCall(start, i + 1 - start, uri);
    }

    private static QueryException Malformed(string sql, int start) =>
        new($"dataset() at character {start + 1} takes one URI in single quotes, e.g. dataset('out/x'): got '{Excerpt(sql, start)}'");

    private static string Excerpt(string sql, int start)
    {
        var end = sql.IndexOf(')', start);
        var length = Math.Min((end < 0 ? sql.Length : end + 1) - start, 60);
        return sql.Substring(start, length);
    }

    private static bool At(string sql, int i, char c) => i < sql.Length && sql[i] == c;

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private static int SkipSpace(string sql, int i)
    {
        while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++;
        return i;
    }

    // Past the closing quote; a doubled quote is an escaped one. An unclosed literal runs to the end (+1, so callers
    // can tell), and DuckDB reports it.
    private static int AfterQuoted(string sql, int open, char quote)
    {
        var i = open + 1;
        while (i < sql.Length)
        {
            if (sql[i] != quote) { i++; continue; }
            if (At(sql, i + 1, quote)) { i += 2; continue; }
            return i + 1;
        }
        return sql.Length + 1;
    }

    private static int AfterLine(string sql, int i)
    {
        var end = sql.IndexOf('\n', i);
        return end < 0 ? sql.Length : end + 1;
    }

    private static int AfterBlockComment(string sql, int i)
    {
        var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
        return end < 0 ? sql.Length : end + 2;
    }

    // DuckDB's dollar-quoted strings: $$…$$ or $tag$…$tag$.
    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_')) j++;
        return At(sql, j, '$') && (j == i + 1 || !char.IsDigit(sql[i + 1])) ? sql[i..(j + 1)] : null;
    }

    private static int AfterDollarQuoted(string sql, int i, string tag)
    {
        var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
        return end < 0 ? sql.Length : end + tag.Length;
    }
}
