using System.Data.Common;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sluice.Cli.Query;

/// <summary>Prints a query's rows: an aligned table (the default) or one JSON object per line.</summary>
internal static class QueryOutput
{
    /// <summary>
    /// Prints the first <paramref name="limit"/> rows of every result of <paramref name="reader"/> (0: all) and then
    /// how many there were. The rows past the limit are counted, not converted. With <paramref name="json"/>, stdout
    /// holds only JSON lines and the count of rows left out goes to <paramref name="err"/>.
    /// </summary>
    public static void Print(DbDataReader reader, bool json, int limit, TextWriter @out, TextWriter err, CancellationToken ct)
    {
        do
        {
            if (reader.FieldCount == 0) continue;
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<object?[]>();
            long total = 0;
            while (reader.Read())
            {
                ct.ThrowIfCancellationRequested();
                total++;
                if (limit > 0 && total > limit) continue;
                var row = new object?[names.Length];
                for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                if (json) @out.WriteLine(JsonLine(names, row));
                else rows.Add(row);
            }
            var more = total - (limit > 0 ? Math.Min(total, limit) : total);
            var footer = more > 0
                ? $"{total - more:N0} of {total:N0} rows shown ({more:N0} more; --limit N shows N, --limit 0 all)"
                : $"{total:N0} {(total == 1 ? "row" : "rows")}";
            if (json)
            {
                if (more > 0) err.WriteLine(footer);
                continue;
            }
            Table(reader, names, rows, @out);
            @out.WriteLine(footer);
        } while (reader.NextResult());
    }

    private static string JsonLine(string[] names, object?[] row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            for (var i = 0; i < names.Length; i++)
            {
                json.WritePropertyName(names[i]);
                QueryValues.Write(json, row[i]);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Table(DbDataReader reader, string[] names, List<object?[]> rows, TextWriter @out)
    {
        var table = new Table().Border(TableBorder.Simple);
        for (var i = 0; i < names.Length; i++)
        {
            var column = new TableColumn(new Text(names[i]));
            if (QueryValues.IsNumeric(reader.GetFieldType(i))) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in rows) table.AddRow(row.Select(v => (IRenderable)new Text(QueryValues.Cell(v))));
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        // Wide enough for every column at its widest cell: the table is never wrapped to a terminal's width, since
        // cells are already cut to QueryValues.MaxCellChars.
        console.Profile.Width = Math.Max(80, names.Length * (QueryValues.MaxCellChars + 3) + 4);
        console.Write(table);
        // The simple border draws its top and bottom edges as blank lines and pads every cell: drop both.
        foreach (var line in text.ToString().Split('\n'))
            if (line.TrimEnd() is { Length: > 0 } kept) @out.WriteLine(kept);
    }
}
