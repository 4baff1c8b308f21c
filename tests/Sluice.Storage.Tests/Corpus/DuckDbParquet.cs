using DuckDB.NET.Data;

namespace Sluice.Storage.Tests.Corpus;

/// <summary>An independent reader of Parquet files, DuckDB (NuGet <c>DuckDB.NET.Data.Full</c>), for the expected values
/// of the corpus tests.</summary>
internal static class DuckDbParquet
{
    /// <summary>DuckDB's row count of the file, or null where DuckDB cannot read it either.</summary>
    public static long? Rows(string path)
    {
        try
        {
            return Convert.ToInt64(Scalar($"SELECT count(*) FROM read_parquet('{Quoted(path)}')"));
        }
        catch (DuckDBException)
        {
            return null;
        }
    }

    /// <summary>The first value of <paramref name="expression"/> over the file's rows.</summary>
    public static T Value<T>(string path, string expression) =>
        (T)Convert.ChangeType(Scalar($"SELECT {expression} FROM read_parquet('{Quoted(path)}')")!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);

    private static object? Scalar(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static string Quoted(string path) => path.Replace("'", "''", StringComparison.Ordinal);
}
