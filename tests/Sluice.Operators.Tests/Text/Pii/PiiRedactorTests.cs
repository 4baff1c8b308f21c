using Sluice.Operators.Text.Pii;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Runtime;
using Sluice.Storage.Rows;

namespace Sluice.Operators.Tests.Text.Pii;

public sealed class PiiRedactorTests
{
    private static (string Text, PiiCounts Counts) Redact(string text) => PiiRedactor.Redact(text, new PiiOptions());

    [Theory]
    [InlineData("write to jane.doe@uni-example.edu today", "write to email@example.com today")]
    [InlineData("JOHN.DOE@EXAMPLE.COM said", "email@example.com said")]           // the reference pattern misses upper case
    [InlineData("a@b.co and c@d.org", "email@example.com and firstname.lastname@example.org")] // replacements in turn
    [InlineData("no address @ here, nor user@localhost", "no address @ here, nor user@localhost")]
    public void Emails(string text, string expected) => Assert.Equal(expected, Redact(text).Text);

    [Theory]
    [InlineData("server 8.8.8.8 answered", "server 22.214.171.124 answered", 1)]
    [InlineData("router 192.168.1.1 and 10.0.0.7 and 127.0.0.1", "router 192.168.1.1 and 10.0.0.7 and 127.0.0.1", 0)] // private: kept
    [InlineData("docs use 203.0.113.9 and 100.64.1.1", "docs use 203.0.113.9 and 100.64.1.1", 0)]                     // documentation, shared
    [InlineData("version 1.2.3.4.5 and 999.1.1.1", "version 1.2.3.4.5 and 999.1.1.1", 0)]                            // not addresses
    public void IpAddresses(string text, string expected, int count)
    {
        var (redacted, counts) = Redact(text);
        Assert.Equal(expected, redacted);
        Assert.Equal(count, counts.IpAddresses);
    }

    [Fact]
    public void IpAddresses_PrivateToo_WhenAsked() =>
        Assert.Equal("at 22.214.171.124", PiiRedactor.Redact("at 192.168.1.1", new PiiOptions { OnlyPublicIps = false }).Text);

    [Theory]
    [InlineData("call +44 20 7946 0958 now", "call +1 555 010 0100 now")]
    [InlineData("call (415) 555-2671 or 415.555.2671", "call +1 555 010 0100 or +1 555 010 0123")]
    [InlineData("+33 1 42 68 53 00", "+1 555 010 0100")]
    [InlineData("on 2024-01-15, order 1234567890, ISBN 978-3-16-148410-0", "on 2024-01-15, order 1234567890, ISBN 978-3-16-148410-0")]
    public void Phones(string text, string expected) => Assert.Equal(expected, Redact(text).Text);

    [Fact]
    public void Counts_EachKind() =>
        Assert.Equal(new PiiCounts(2, 1, 1), Redact("a@b.com, c@d.com, 1.1.1.1, +1 202 555 0143").Counts);

    [Fact]
    public async Task RowVerb_RedactsTheColumnAndAddsCounts()
    {
        var input = Path.Combine(Path.GetTempPath(), $"sluice-pii-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(input, ["""{"id":"r1","text":"mail me at x@y.org from 9.9.9.9"}""", """{"id":"r2","text":42}"""]);
        List<Row> rows;
        try { rows = await RecordCollector.CollectAsync(p => p.ReadJsonl<Row>(input).RedactPii()); }
        finally { File.Delete(input); }

        var first = rows.Single(r => r.Get<string>("id") == "r1");
        Assert.Equal("mail me at email@example.com from 22.214.171.124", first.Get<string>("text"));
        Assert.Equal((1L, 1L, 0L), (first.Get<long>("pii_emails"), first.Get<long>("pii_ips"), first.Get<long>("pii_phones")));
        var second = rows.Single(r => r.Get<string>("id") == "r2");
        Assert.Equal(42L, second.Get<long>("text"));
        Assert.Equal(0L, second.Get<long>("pii_emails"));
    }
}
