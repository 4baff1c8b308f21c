using Sluice.Operators.Web.Urls;

namespace Sluice.Operators.Tests.Web;

public sealed class DomainBlocklistTests
{
    private static readonly DomainBlocklist List = DomainBlocklist.Of(["Example.com", "www.bad-site.org.", "https://tracker.net/path", "# not a domain"]);

    [Theory]
    [InlineData("https://example.com/page", "example.com")]
    [InlineData("http://ads.EXAMPLE.com:8080/x?y=1", "example.com")]       // parent domain, case, port
    [InlineData("www.bad-site.org/article", "bad-site.org")]               // no scheme, www. dropped on both sides
    [InlineData("https://cdn.tracker.net/a.js", "tracker.net")]            // a URL-shaped list line
    [InlineData("https://notexample.com/", null)]                         // a suffix that is not a parent domain
    [InlineData("https://example.com.evil.io/", null)]
    [InlineData("not a url at all", null)]
    [InlineData("", null)]
    public void BlockedBy(string url, string? expected) => Assert.Equal(expected, List.BlockedBy(url));

    [Fact]
    public void Load_SkipsCommentsAndBlanks()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["# UT1 adult list", "", "one.com", "  two.org  "]);
            var list = DomainBlocklist.Load(path);
            Assert.Equal(2, list.Count);
            Assert.Equal("two.org", list.BlockedBy("https://www.two.org/"));
        }
        finally { File.Delete(path); }
    }
}
