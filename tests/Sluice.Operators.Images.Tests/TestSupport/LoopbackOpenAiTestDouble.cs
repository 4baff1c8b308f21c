using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing;

namespace Sluice.Operators.Images.Tests.TestSupport;

/// <summary>
/// A test double of an OpenAI-compatible vision chat server on loopback (127.0.0.1, a free port). For every
/// <c>POST /v1/chat/completions</c> it decodes the base64 image, hashes it and checks it is one of the expected images,
/// checks the text part carries one of that image's expected alt-text prompts and the reference decoding parameters,
/// and answers a caption derived only from the image hash and the prompt (deterministic). A request that fails a check
/// is answered 400 and recorded in <see cref="Failures"/>.
/// </summary>
internal sealed class LoopbackOpenAiTestDouble : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> _expected;
    private int _inFlight, _peak;

    /// <param name="expected">Per image SHA-256 (hex), the alt-text prompts acceptable for it.</param>
    /// <param name="latency">Delay before each answer (to observe concurrency).</param>
    public LoopbackOpenAiTestDouble(IReadOnlyDictionary<string, IReadOnlySet<string>> expected, TimeSpan latency = default)
    {
        _expected = expected;
        Latency = latency;
        (_listener, var port) = LoopbackListener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/v1/");
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseUrl { get; }
    public TimeSpan Latency { get; }
    public ConcurrentBag<string> Failures { get; } = [];
    public ConcurrentDictionary<string, int> RequestsByImage { get; } = new();
    public int Requests => RequestsByImage.Values.Sum();
    public int PeakInFlight => Volatile.Read(ref _peak);

    /// <summary>The caption the double answers for an image hash and prompt.</summary>
    public static string CaptionFor(string sha256, string prompt) => $"Image {sha256[..12]} showing: {(prompt.Length == 0 ? "something" : prompt)}";

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        for (var p = Volatile.Read(ref _peak); now > p; p = Volatile.Read(ref _peak))
            if (Interlocked.CompareExchange(ref _peak, now, p) == p) break;
        try
        {
            if (Latency > TimeSpan.Zero) await Task.Delay(Latency);
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
            var (status, answer) = Check(context.Request.Url!.AbsolutePath, body);
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e)
        {
            Failures.Add($"double crashed: {e}");
            context.Response.StatusCode = 500;
            context.Response.Close();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private (int, string) Check(string path, JsonNode body)
    {
        string Fail(string why) { Failures.Add(why); return JsonSerializer.Serialize(new { error = new { message = why } }); }
        if (path != "/v1/chat/completions") return (404, Fail($"unexpected path {path}"));
        if (body["temperature"]?.GetValue<double>() is not (> 0.19 and < 0.21)) return (400, Fail("temperature is not 0.2"));
        if (body["top_p"]?.GetValue<double>() is not (> 0.69 and < 0.71)) return (400, Fail("top_p is not 0.7"));
        if (body["max_tokens"]?.GetValue<int>() != 192) return (400, Fail("max_tokens is not 192"));
        var parts = body["messages"]?[0]?["content"]?.AsArray();
        var url = parts?.FirstOrDefault(p => (string?)p?["type"] == "image_url")?["image_url"]?["url"]?.GetValue<string>();
        var text = parts?.FirstOrDefault(p => (string?)p?["type"] == "text")?["text"]?.GetValue<string>();
        if (url is null || text is null) return (400, Fail("request lacks an image or a text part"));
        var comma = url.IndexOf(',');
        if (!url.StartsWith("data:image/", StringComparison.Ordinal) || comma < 0) return (400, Fail("image is not a data: URI"));
        var sha = Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(url[(comma + 1)..])));
        RequestsByImage.AddOrUpdate(sha, 1, (_, n) => n + 1);
        if (!_expected.TryGetValue(sha, out var prompts)) return (400, Fail($"image {sha[..12]} is not one the test sent"));
        const string marker = "\nAlt-text: ";
        var at = text.LastIndexOf(marker, StringComparison.Ordinal);
        var prompt = at < 0 ? null : text[(at + marker.Length)..];
        if (prompt == "(none)") prompt = "";
        if (prompt is null || !prompts.Contains(prompt)) return (400, Fail($"image {sha[..12]}: prompt '{prompt}' is not one of [{string.Join(" | ", prompts)}]"));
        var caption = CaptionFor(sha, prompt);
        return (200, JsonSerializer.Serialize(new
        {
            id = "chatcmpl-test", @object = "chat.completion", model = "test-vlm",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = caption }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
        }));
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
