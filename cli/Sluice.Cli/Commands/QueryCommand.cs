using DuckDB.NET.Data;
using Sluice.Cli.Query;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice query "SQL" [--json] [--limit N] [--max-copy-mb M]</c>: runs SQL through an in-process DuckDB, where
/// <c>dataset('URI')</c> names a Sluice dataset and reads exactly the shards its manifest lists.
/// </summary>
internal static class QueryCommand
{
    private const string UsageText = "usage: sluice query \"SELECT … FROM dataset('URI')\" [--json] [--limit N (default 50, 0: all)] [--max-copy-mb M (default 2048)]";

    public static async Task<int> RunAsync(CliArguments args, TextWriter @out, TextWriter err, CancellationToken ct)
    {
        if (args.Positional.Count != 1 || string.IsNullOrWhiteSpace(args.Positional[0])) throw new UsageException(UsageText);
        var limit = args.GetInt("limit") ?? 50;
        var maxCopyMb = args.GetInt("max-copy-mb") ?? 2048;
        if (limit < 0 || maxCopyMb < 0) throw new UsageException($"--limit and --max-copy-mb take a whole number ≥ 0; {UsageText}");

        using var scans = new DatasetScans(maxCopyMb * 1024L * 1024);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            // Nothing may be fetched at run time: an extension a query needs fails at once, naming it, rather than
            // after a download attempt times out.
            using (var settings = connection.CreateCommand())
            {
                settings.CommandText = "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;";
                settings.ExecuteNonQuery();
            }
            var sql = await scans.RewriteAsync(args.Positional[0], connection, ct);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var cancel = ct.Register(command.Cancel);
            try
            {
                using var reader = command.ExecuteReader();
                QueryOutput.Print(reader, args.Has("json"), limit, @out, err, ct);
            }
            catch (ArgumentException e)
            {
                // DuckDB.NET cannot hand out some column types (UNION): it says which column.
                throw new QueryException($"query failed: {e.Message}; cast the column, e.g. CAST(x AS VARCHAR)", e);
            }
        }
        catch (DuckDBException e)
        {
            // DuckDB's message goes on with the statement and a caret under it; that statement is the rewritten one,
            // full of shard paths, so only the first line (what is wrong) is shown.
            throw new QueryException("query failed: " + e.Message.Split('\n', 2)[0].Trim(), e);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await err.WriteLineAsync("sluice: query cancelled");
            return 130;
        }
        return 0;
    }
}
