using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Llm.Endpoints;

/// <summary>What the test double does with one request.</summary>
public sealed record TestDoubleReply
{
    public int Status { get; init; } = 200;
    public string? Content { get; init; }
    public double? RetryAfterSeconds { get; init; }
    public TimeSpan Delay { get; init; }
    public bool DropConnection { get; init; }
    public bool MalformedJson { get; init; }

    public static TestDoubleReply Ok(string content, TimeSpan delay = default) => new() { Content = content, Delay = delay };
    public static TestDoubleReply TooMany(double retryAfter) => new() { Status = 429, RetryAfterSeconds = retryAfter };
    public static TestDoubleReply Unavailable() => new() { Status = 503 };
    public static TestDoubleReply Slow(TimeSpan delay, string content = "ok") => new() { Content = content, Delay = delay };
    public static TestDoubleReply Dropped() => new() { DropConnection = true };
    public static TestDoubleReply Malformed() => new() { MalformedJson = true };
}

/// <summary>
/// A test double of an OpenAI-compatible chat server on loopback: answers <c>POST /v1/chat/completions</c> with
/// scripted completions and injects 429 + Retry-After, 503, slow answers, dropped connections and malformed JSON.
/// The script sees the request number (from 1) and the last user message.
/// </summary>
public sealed class OpenAiTestDouble : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<int, string, TestDoubleReply> _script;
    private readonly CancellationTokenSource _stop = new();
    private int _requests;
    private int _inFlight, _maxInFlight;

    public OpenAiTestDouble(Func<int, string, TestDoubleReply> script, string? requiredKey = null)
    {
        _script = script;
        RequiredKey = requiredKey;
        (_listener, Port) = LoopbackListener.Start();
        for (var i = 0; i < 4; i++) _ = AcceptLoopAsync();
    }

    public int Port { get; }
    public string? RequiredKey { get; }
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/v1");
    public int Requests => Volatile.Read(ref _requests);
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);
    public List<string> Bodies { get; } = [];
    public List<string?> Authorizations { get; } = [];

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch { return; }
            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        var n = Interlocked.Increment(ref _requests);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen) { }
        // A request stops counting as in flight before its answer is written: the client may send its next request as
        // soon as the answer's last byte arrives, which can be before Close() returns here.
        var counted = 1;
        void Answering() { if (Interlocked.Exchange(ref counted, 0) == 1) Interlocked.Decrement(ref _inFlight); }
        try
        {
            string body;
            using (var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
            lock (Bodies) { Bodies.Add(body); Authorizations.Add(ctx.Request.Headers["Authorization"]); }
            if (RequiredKey is not null && ctx.Request.Headers["Authorization"] != "Bearer " + RequiredKey)
            {
                Answering();
                await WriteAsync(ctx, 401, """{"error":{"message":"Incorrect API key provided"}}""");
                return;
            }
            using var doc = JsonDocument.Parse(body);
            var last = doc.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString() ?? "";
            var reply = _script(n, last);
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, _stop.Token);
            Answering();
            if (reply.DropConnection)
            {
                // Headers promise a body that never comes: the client sees the connection end mid-response.
                ctx.Response.ContentLength64 = 1000;
                await ctx.Response.OutputStream.WriteAsync("{\"choices\""u8.ToArray());
                await ctx.Response.OutputStream.FlushAsync();
                ctx.Response.Abort();
                return;
            }
            if (reply.RetryAfterSeconds is { } ra) ctx.Response.AddHeader("Retry-After", ra.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (reply.Status != 200) { await WriteAsync(ctx, reply.Status, """{"error":{"message":"scripted error"}}"""); return; }
            if (reply.MalformedJson) { await WriteAsync(ctx, 200, """{"choices": [ {"message": {"content": "trunc"""); return; }
            var content = reply.Content ?? "";
            var json = JsonSerializer.Serialize(new
            {
                id = $"cmpl-{n}", @object = "chat.completion", model = "test-double",
                choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = last.Length / 4 + 1, completion_tokens = content.Length / 4 + 1, total_tokens = last.Length / 4 + content.Length / 4 + 2 },
            });
            await WriteAsync(ctx, 200, json);
        }
        catch { try { ctx.Response.Abort(); } catch { } }
        finally { Answering(); }
    }

    private static async Task WriteAsync(HttpListenerContext ctx, int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength64 = bytes.Length;
        await ctx.Response.OutputStream.WriteAsync(bytes);
        ctx.Response.Close();
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _listener.Stop(); _listener.Close(); } catch { }
    }
}
