using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Web.Warc;

/// <summary>
/// A real WARC made once for the WARC tests: an <see cref="HttpListener"/> on a free loopback port serves the GIMP help
/// pages of <c>examples/data/altogether</c> (one with a charset in its Content-Type, one with only a meta charset, one
/// with neither, one re-encoded as windows-1252 and served as <c>iso-8859-1</c>) and a PNG, all linked from an index;
/// <c>wget --warc-file -r -l 1</c> crawls it, writing <see cref="WarcPath"/> (one gzip member per record).
/// </summary>
public sealed class WgetSite : IAsyncLifetime
{
    private HttpListener _listener = null!;
    private readonly Dictionary<string, Page> _pages = new(StringComparer.Ordinal);
    private readonly List<string> _served = [];
    private Task? _loop;

    /// <summary>A page the server answers: its bytes, Content-Type and, for text, the text it holds.</summary>
    public sealed record Page(byte[] Bytes, string ContentType, string? Text);

    /// <summary>Scratch folder of this fixture.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("sluice-warc-").FullName;

    /// <summary>The WARC wget wrote.</summary>
    public string WarcPath => Path.Combine(Folder, "crawl.warc.gz");

    /// <summary>http://127.0.0.1:PORT</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The pages by path.</summary>
    public IReadOnlyDictionary<string, Page> Pages => _pages;

    /// <summary>The paths the server answered 200 to, in order.</summary>
    public IReadOnlyList<string> Served => _served;

    public async Task InitializeAsync()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var data = Path.Combine(RepoRoot(), "examples", "data", "altogether");
        string Real(string name) => File.ReadAllText(Path.Combine(data, name), Encoding.UTF8);
        const string meta = """<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />""";

        var withHeader = Real("gimp-layer-crop.html");
        var withMeta = Real("plug-in-zealouscrop.html");
        var withNeither = Real("script-fu-add-bevel.html");
        Assert.Contains(meta, withNeither);
        withNeither = withNeither.Replace(meta, "", StringComparison.Ordinal);
        // Legacy-charset page: the zealous-crop page without its meta tag, with text that needs windows-1252 (the
        // em dash and euro sign are 0x97 and 0x80 there, C1 controls in ISO-8859-1 proper), arrows spelled out.
        var legacy = withMeta.Replace(meta, "", StringComparison.Ordinal).Replace("→", "->", StringComparison.Ordinal)
            .Replace("<body>", "<body><p>Café, naïve façade — über 5 €</p>", StringComparison.Ordinal);
        var png = File.ReadAllBytes(Path.Combine(data, "images", "home.png"));

        Add("/gimp-layer-crop.html", withHeader, "text/html; charset=utf-8", Encoding.UTF8);
        Add("/plug-in-zealouscrop.html", withMeta, "text/html", Encoding.UTF8);
        Add("/script-fu-add-bevel.html", withNeither, "text/html", Encoding.UTF8);
        Add("/legacy-latin1.html", legacy, "text/html; charset=iso-8859-1", Encoding.GetEncoding(1252));
        _pages["/home.png"] = new Page(png, "image/png", null);
        var links = string.Concat(_pages.Keys.Where(k => k.EndsWith(".html", StringComparison.Ordinal)).Select(k => $"<li><a href=\"{k[1..]}\">{k}</a></li>\n"));
        Add("/", $"<!DOCTYPE html>\n<html><head><title>Index</title></head><body><ul>\n{links}</ul><img src=\"home.png\" alt=\"home\"></body></html>\n",
            "text/html; charset=utf-8", Encoding.UTF8);

        (_listener, var port) = LoopbackListener.Start();
        BaseUrl = $"http://127.0.0.1:{port}";
        _loop = Task.Run(ServeAsync);
        await RunWgetAsync();
    }

    public async Task DisposeAsync()
    {
        _listener.Stop();
        if (_loop is not null)
        {
            try { await _loop; }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
        _listener.Close();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    private void Add(string path, string text, string contentType, Encoding encoding) =>
        _pages[path] = new Page(encoding.GetBytes(text), contentType, text);

    private async Task RunWgetAsync()
    {
        var start = new ProcessStartInfo("wget") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { $"--warc-file={Path.Combine(Folder, "crawl")}", "--no-verbose", "-r", "-l", "1", "-P", Path.Combine(Folder, "mirror"), BaseUrl + "/" })
            start.ArgumentList.Add(arg);
        Process wget;
        try { wget = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("these tests need wget (Debian package wget) to make a real WARC", e);
        }
        using var _ = wget;
        var stderr = wget.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await wget.WaitForExitAsync(timeout.Token);
        // wget exits 8 when a request got an error status: the 404 for robots.txt.
        Assert.True(wget.ExitCode is 0 or 8, $"wget exited {wget.ExitCode}: {await stderr}");
        Assert.True(File.Exists(WarcPath), $"wget wrote no {WarcPath}: {await stderr}");
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            var path = context.Request.Url!.AbsolutePath;
            var response = context.Response;
            if (_pages.TryGetValue(path, out var page))
            {
                lock (_served) _served.Add(path);
                response.StatusCode = 200;
                response.ContentType = page.ContentType;
                response.ContentLength64 = page.Bytes.Length;
                await response.OutputStream.WriteAsync(page.Bytes);
            }
            else
            {
                response.StatusCode = 404;
                response.ContentLength64 = 0;
            }
            response.Close();
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "examples", "data", "altogether"))) return dir.FullName;
        throw new DirectoryNotFoundException("examples/data/altogether not found above " + AppContext.BaseDirectory);
    }
}
