// Endpoint governance figures against the loopback test double (not a test: prints numbers).
//   dotnet run -c Release --project bench/Sluice.Bench.Endpoints [-- --requests 3000 --recovery-target 10]
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Sluice.Operators.Llm.Endpoints;
using Sluice.Operators.Tests.Llm.Endpoints;

var requests = Arg("--requests", 3000);
var recoveryTarget = TimeSpan.FromSeconds(Arg("--recovery-target", 10));
ThreadPool.SetMinThreads(256, 256);

// 1. Throughput: 200 ms ± 40 ms latency, 64 concurrent requests allowed.
using (var server = new OpenAiTestDouble((_, _) => TestDoubleReply.Ok("x", TimeSpan.FromMilliseconds(160 + Random.Shared.Next(81)))))
{
    var client = Connect(server, new EndpointGovernanceOptions { InitialConcurrency = 64, MaxConcurrency = 64, Log = TextWriter.Null });
    await Run(client, 200, "warm-up");
    var clock = Stopwatch.StartNew();
    await Run(client, requests, "t");
    var rate = requests / clock.Elapsed.TotalSeconds;
    var s = ChatEndpoints.StatsOf(client)!.Snapshot();
    Console.WriteLine($"throughput: {rate:F1} requests/s with limit 64 and 200±40 ms latency (ideal 320; {rate / 320:P1}); p50 {s.LatencyP50Ms} ms, p99 {s.LatencyP99Ms} ms, max in flight {server.MaxInFlight}");
}

// 2. A 429 storm of 3 s; how long until the adaptive limit is back at 64.
{
    var storm = new Stopwatch();
    var stormLength = TimeSpan.FromSeconds(3);
    using var server = new OpenAiTestDouble((n, _) =>
        n > 400 && storm.Elapsed < stormLength ? TestDoubleReply.TooMany(0.1) : TestDoubleReply.Ok("x", TimeSpan.FromMilliseconds(160 + Random.Shared.Next(81))));
    var governed = new GovernedChatClient(new OpenAiCompatibleChatClient(Options(server)), "storm", new EndpointGovernanceOptions
    {
        InitialConcurrency = 64, MaxConcurrency = 64, AdditiveIncrease = 8, DecreaseCooldown = TimeSpan.FromMilliseconds(200),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50), MaxRetries = 50, Log = TextWriter.Null,
    });
    var lowest = 64;
    TimeSpan? recovered = null;
    using var cts = new CancellationTokenSource();
    var load = Task.WhenAll(Enumerable.Range(0, 128).Select(async w =>
    {
        var i = 0;
        while (!cts.IsCancellationRequested)
        {
            if (server.Requests >= 400 && !storm.IsRunning) storm.Start();
            try { await governed.GetResponseAsync([new ChatMessage(ChatRole.User, $"w{w}-{i++}")], cancellationToken: cts.Token); }
            catch (OperationCanceledException) { }
        }
    }));
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed < TimeSpan.FromSeconds(60))
    {
        await Task.Delay(20);
        var limit = governed.ConcurrencyLimit;
        lowest = Math.Min(lowest, limit);
        if (storm.IsRunning && storm.Elapsed > stormLength && limit == 64) { recovered = storm.Elapsed - stormLength; break; }
    }
    cts.Cancel();
    await load;
    var verdict = recovered is { } r && r <= recoveryTarget ? "within" : "NOT within";
    Console.WriteLine($"429 storm: limit fell to {lowest}, back at 64 {recovered?.TotalSeconds:F1} s after the storm ended ({verdict} the {recoveryTarget.TotalSeconds:0} s target; additive increase 8/window); " +
                      $"{governed.Stats.Throttled} 429s, {governed.Stats.Retries} retries");
}

// 3. A rerun over a cached run makes no endpoint call.
{
    var dir = Path.Combine(Path.GetTempPath(), "sluice-bench-cache-" + Guid.NewGuid().ToString("N"));
    using var server = new OpenAiTestDouble((_, last) => TestDoubleReply.Ok("answer " + last, TimeSpan.FromMilliseconds(5)));
    var first = Connect(server, new EndpointGovernanceOptions { Log = TextWriter.Null }, dir);
    await Run(first, 1000, "c");
    var before = server.Requests;
    var clock = Stopwatch.StartNew();
    var second = Connect(server, new EndpointGovernanceOptions { Log = TextWriter.Null }, dir);
    await Run(second, 1000, "c");
    var s = ChatEndpoints.StatsOf(second)!.Snapshot();
    Console.WriteLine($"cached rerun: {server.Requests - before} endpoint calls for 1000 requests ({s.CacheHits} hits, {s.CacheMisses} misses, {clock.Elapsed.TotalMilliseconds:F0} ms); first run made {before}");
    Directory.Delete(dir, recursive: true);
}

static OpenAiCompatibleOptions Options(OpenAiTestDouble server) =>
    new() { BaseUrl = server.BaseUrl, Model = "bench", ApiKeyEnvironmentVariable = "SLUICE_BENCH_NO_KEY" };

static IChatClient Connect(OpenAiTestDouble server, EndpointGovernanceOptions governance, string? cache = null) =>
    ChatEndpoints.OpenAiCompatible(Options(server), governance, cache);

static Task Run(IChatClient client, int n, string prefix) =>
    Task.WhenAll(Enumerable.Range(0, n).Select(i => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"{prefix}{i}")])));

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
