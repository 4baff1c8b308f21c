using Sluice.Cli.Query;

namespace Sluice.Cli.Tests.Query;

public sealed class DatasetCallsTests
{
    private static IReadOnlyList<string> Uris(string sql) => DatasetCalls.Find(sql).Select(c => c.Uri).ToList();

    [Fact]
    public void Find_CallsOutsideLiteralsAndComments_AreFoundWithTheirUris()
    {
        const string sql = """
            SELECT 'dataset(''a'')', "dataset('b')", $$dataset('c')$$ -- dataset('d')
            FROM DataSet ( 'out/it''s' ) /* dataset('e') */ JOIN dataset('s3://bucket/x') USING (id)
            """;

        Assert.Equal(["out/it's", "s3://bucket/x"], Uris(sql));
    }

    [Fact]
    public void Find_ColumnOrQualifiedNameCalledDataset_IsNotACall()
    {
        Assert.Empty(Uris("SELECT dataset, t.dataset('x') FROM t WHERE dataset = 'dataset'"));
    }

    [Fact]
    public void Rewrite_ReplacesEachCallAndKeepsTheRest()
    {
        const string sql = "SELECT count(*) FROM dataset('a') JOIN dataset( 'b' ) USING (id)";

        var rewritten = DatasetCalls.Rewrite(sql, DatasetCalls.Find(sql), uri => $"scan_{uri}");

        Assert.Equal("SELECT count(*) FROM scan_a JOIN scan_b USING (id)", rewritten);
    }

    [Theory]
    [InlineData("SELECT * FROM dataset()")]
    [InlineData("SELECT * FROM dataset('')")]
    [InlineData("SELECT * FROM dataset('a', 'b')")]
    [InlineData("SELECT * FROM dataset(\"a\")")]
    public void Find_CallWithoutOneQuotedUri_IsRefused(string sql)
    {
        var error = Assert.Throws<QueryException>(() => DatasetCalls.Find(sql));
        Assert.Contains("takes one URI in single quotes", error.Message);
    }
}
