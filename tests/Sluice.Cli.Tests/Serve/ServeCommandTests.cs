using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Adversarial;

namespace Sluice.Cli.Tests.Serve;

/// <summary><c>build/bin/sluice serve</c> as a real process: it prints where it listens, answers, and SIGTERM stops it cleanly.</summary>
public sealed class ServeCommandTests(ServedSciFact served) : IClassFixture<ServedSciFact>
{
    [Fact]
    public async Task Serve_AnswersThenStopsCleanlyOnSigterm()
    {
        Assert.True(File.Exists(SluiceProcess.Executable), $"{SluiceProcess.Executable} is missing: run make build");
        var psi = new ProcessStartInfo(SluiceProcess.Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "serve", $"claims={served.Directory}", "--port", "0" }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? "";
            var address = Regex.Match(line, @"http://[^\s:]+:\d+");
            Assert.True(address.Success, $"no address in '{line}': {(process.HasExited ? await stderr : "")}");
            using var http = new HttpClient { BaseAddress = new Uri(address.Value) };

            using var response = await http.PostAsJsonAsync("/search", new { queries = new[] { served.Claims[0] }, k = 3, datastore = "claims" }, timeout.Token);
            var hits = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token))!["results"]![0]!.AsArray();
            Assert.Equal(3, hits.Count);

            Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("finishing requests in flight", await stderr);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Fact]
    public async Task Serve_MissingDatastore_Exit1NamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"sluice-no-such-{Guid.NewGuid():N}");
        var (exit, _, err) = await SluiceProcess.RunAsync(Path.GetTempPath(), ["serve", missing, "--port", "0"]);
        Assert.Equal(1, exit);
        Assert.Contains(Path.GetFileName(missing), err);
    }

    [Fact]
    public async Task Serve_NoDatastore_UsageError()
    {
        var (exit, _, err) = await SluiceProcess.RunAsync(Path.GetTempPath(), ["serve"]);
        Assert.Equal(2, exit);
        Assert.Contains("usage: sluice serve", err);
    }
}
