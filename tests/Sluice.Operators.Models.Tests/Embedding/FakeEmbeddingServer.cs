using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing;

namespace Sluice.Operators.Models.Tests.Embedding;

/// <summary>
/// Test double of an OpenAI-compatible <c>/v1/embeddings</c> server on 127.0.0.1: answers every input with
/// <see cref="VectorFor"/>, and plays queued faults (a status with an optional Retry-After, or a wrong-dimension
/// body) one per request before answering normally again.
/// </summary>
internal sealed class FakeEmbeddingServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentQueue<RequestRecord> _requests = new();
    private readonly Task _loop;
    private readonly int _dimensions;

    public FakeEmbeddingServer(int dimensions = 8)
    {
        _dimensions = dimensions;
        (_listener, var port) = LoopbackListener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/v1");
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseUrl { get; }

    public IReadOnlyCollection<RequestRecord> Requests => _requests;

    /// <summary>The next request gets <paramref name="status"/> (and <c>Retry-After</c> when given).</summary>
    public void FailNext(HttpStatusCode status, string? retryAfter = null)
        => _faults.Enqueue(new Fault(status, retryAfter, WrongDimension: false));

    /// <summary>The next request gets vectors one element too long.</summary>
    public void WrongDimensionNext() => _faults.Enqueue(new Fault(HttpStatusCode.OK, null, WrongDimension: true));

    /// <summary>The deterministic vector this server returns for <paramref name="text"/>.</summary>
    public static float[] VectorFor(string text, int dimensions)
    {
        uint h = 2166136261;
        foreach (char c in text)
            h = (h ^ c) * 16777619;
        var v = new float[dimensions];
        for (int i = 0; i < dimensions; i++)
            v[i] = (float)((h >> (i % 24)) & 0xFF) / 255f + i;
        return v;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
        _listener.Close();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            await HandleAsync(context).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = JsonNode.Parse(await reader.ReadToEndAsync().ConfigureAwait(false))!;
        var inputs = body["input"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        _requests.Enqueue(new RequestRecord(
            context.Request.Url!.AbsolutePath,
            context.Request.Headers["Authorization"],
            body["model"]!.GetValue<string>(),
            inputs));

        var response = context.Response;
        int dims = _dimensions;
        if (_faults.TryDequeue(out var fault))
        {
            if (fault.WrongDimension)
            {
                dims = _dimensions + 1;
            }
            else
            {
                response.StatusCode = (int)fault.Status;
                if (fault.RetryAfter is not null)
                    response.Headers["Retry-After"] = fault.RetryAfter;
                await WriteAsync(response, "{\"error\":{\"message\":\"injected " + (int)fault.Status + "\"}}").ConfigureAwait(false);
                return;
            }
        }

        var data = new JsonArray();
        // Out of order on purpose: clients must place vectors by index, not by position.
        for (int i = inputs.Length - 1; i >= 0; i--)
        {
            var vector = new JsonArray(VectorFor(inputs[i], dims).Select(x => (JsonNode)JsonValue.Create(x)!).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = vector });
        }
        var reply = new JsonObject
        {
            ["object"] = "list",
            ["model"] = body["model"]!.GetValue<string>(),
            ["data"] = data,
            ["usage"] = new JsonObject { ["prompt_tokens"] = inputs.Length * 3, ["total_tokens"] = inputs.Length * 3 },
        };
        await WriteAsync(response, reply.ToJsonString()).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpListenerResponse response, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }

    private sealed record Fault(HttpStatusCode Status, string? RetryAfter, bool WrongDimension);

    public sealed record RequestRecord(string Path, string? Authorization, string Model, string[] Inputs);
}
