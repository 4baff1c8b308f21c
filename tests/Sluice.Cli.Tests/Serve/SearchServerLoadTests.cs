using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Sluice.Cli.Tests.Serve;

/// <summary>
/// The server under concurrent clients on loopback (a bounded number of requests): every answer is right, and
/// clients that vanish mid-request or send broken requests do not disturb the others. Prints queries/s and latency.
/// </summary>
public sealed class SearchServerLoadTests(ServedSciFact served, ITestOutputHelper output) : IClassFixture<ServedSciFact>
{
    private const int Requests = 64;

    private async Task<string[]> AnswerAsync(HttpClient http, string query)
    {
        using var response = await http.PostAsJsonAsync("/search", new { queries = new[] { query }, k = 10 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hits = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["results"]![0]!.AsArray();
        return hits.Select(h => h!["passage_id"]!.GetValue<string>()).ToArray();
    }

    // Each query embedded alone, as the server embeds a one-query request: a batch pads to its longest query, and
    // other matrix shapes may change the last bits of a score and so the order of two nearly tied passages.
    private string[][] Expected(IEnumerable<string> queries) =>
        queries.Select(q => served.Index.Search(served.Embedder.EmbedToMatrix([q]), 10)[0].Select(h => h.PassageId).ToArray()).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public async Task ConcurrentClients_EveryAnswerEqualsTheLoneAnswer(int clients)
    {
        var queries = served.Claims.Take(Requests).ToArray();
        var expected = Expected(queries);
        var latencies = new double[Requests];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < Requests;)
            {
                var started = Stopwatch.GetTimestamp();
                var answer = await AnswerAsync(served.Http, queries[i]);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Assert.Equal(expected[i], answer);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        output.WriteLine($"{clients,2} clients: {Requests / seconds:F1} queries/s, p50 {latencies[Requests / 2]:F1} ms, " +
                         $"p99 {latencies[(int)Math.Ceiling(0.99 * Requests) - 1]:F1} ms ({Environment.ProcessorCount} cores)");
    }

    [Fact]
    public async Task VanishingAndBrokenClients_DoNotDisturbTheOthers()
    {
        var queries = served.Claims.Skip(100).Take(32).ToArray();
        var expected = Expected(queries);
        var uri = new Uri(served.Http.BaseAddress!, "/search");
        var serverErrors = JsonNode.Parse(await served.Http.GetStringAsync("/stats"))!["server_errors"]!.GetValue<long>();

        var good = Task.WhenAll(Enumerable.Range(0, queries.Length).Select(async i => Assert.Equal(expected[i], await AnswerAsync(served.Http, queries[i]))));
        var vanishing = Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            // A client that gives up on a big batch part-way: the request is cancelled while the server works on it.
            using var http = new HttpClient();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(5 * i));
            try
            {
                await http.PostAsJsonAsync(uri, new { queries = served.Claims.Take(64).ToArray(), k = 100 }, cancel.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }));
        var broken = Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            // A client that declares a body, sends half of it and hangs up.
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(uri.Host, uri.Port);
            var body = "{\"queries\": [\"half a requ";
            var head = $"POST /search HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length * 4}\r\n\r\n";
            await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head + body));
        }));
        await Task.WhenAll(good, vanishing, broken);

        var health = await served.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(expected[0], await AnswerAsync(served.Http, queries[0]));
        // A client that leaves is not a fault of the server.
        Assert.Equal(serverErrors, JsonNode.Parse(await served.Http.GetStringAsync("/stats"))!["server_errors"]!.GetValue<long>());
    }
}
