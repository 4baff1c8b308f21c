using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Adversarial;

/// <summary>
/// A loopback chat-completions server that counts requests in flight exactly: a request counts from the moment it
/// arrives until the moment before its answer is written, so a client can only send its next request after the
/// server has stopped counting the previous one. Answers 200 after a delay drawn from a seeded generator.
/// </summary>
public sealed class CountingChatServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Random _delays;
    private readonly int _maxDelayMs;
    private int _requests, _inFlight, _maxInFlight;

    public CountingChatServer(int seed, int maxDelayMs)
    {
        _delays = new Random(seed);
        _maxDelayMs = maxDelayMs;
        (_listener, var port) = LoopbackListener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/v1");
        _ = AcceptLoopAsync();
    }

    public Uri BaseUrl { get; }

    public int Requests => Volatile.Read(ref _requests);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        Interlocked.Increment(ref _requests);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen) { }
        try
        {
            using (var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8)) await reader.ReadToEndAsync();
            int delay;
            lock (_delays) delay = _delays.Next(_maxDelayMs + 1);
            await Task.Delay(delay);
        }
        finally { Interlocked.Decrement(ref _inFlight); }
        var bytes = """{"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"""u8.ToArray();
        try
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
    }
}
