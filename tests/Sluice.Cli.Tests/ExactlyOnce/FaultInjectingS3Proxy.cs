using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Cli.Tests.ExactlyOnce;

/// <summary>
/// Test double: a loopback HTTP/1.1 proxy in front of an S3 server that injects faults. Each client connection carries
/// one request: the proxy reads the request head and its whole body (Content-Length or chunked; it answers
/// <c>Expect: 100-continue</c> itself), then either answers <c>503 SlowDown</c> with an S3 XML error body, resets the
/// connection before forwarding (the request never happened), forwards and then resets (the request happened, the
/// reply is lost: the case that tests idempotent retries and conditional commits), delays the reply, or passes it
/// through. Faults follow a schedule, not chance: one request in every <see cref="FaultEvery"/> is faulted, the kinds dealt
/// from a deck shuffled by the seed (7 SlowDowns, 2 resets before, 3 resets after, 4 delays), and a request the proxy has
/// faulted once (same request line and body, i.e. the client's retry) always passes, the fault moving to the next new
/// request. So the fault rate is what the test asserts whatever the timing, and every request succeeds by its second
/// attempt however the concurrent ones interleave: a run can fail only through a bug in Sluice. Every reply carries <c>Connection: close</c> and the connection is closed after it, so keep-alive clients
/// never send a second request down a connection the proxy no longer reads. Upstream, each request gets its own
/// connection with <c>Connection: close</c>.
/// </summary>
public sealed class FaultInjectingS3Proxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly Random _rng;
    private readonly Fault[] _deck;
    private readonly HashSet<string> _faulted = new(StringComparer.Ordinal);
    private int _scheduled, _owed, _dealt;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests, _slowDowns, _resetsBefore, _resetsAfter, _delays, _errors;

    public FaultInjectingS3Proxy(string upstreamEndpoint, int seed)
    {
        _upstream = new Uri(upstreamEndpoint);
        _rng = new Random(seed);
        _deck = [.. Enumerable.Repeat(Fault.SlowDown, 7), .. Enumerable.Repeat(Fault.ResetBefore, 2),
            .. Enumerable.Repeat(Fault.ResetAfter, 3), .. Enumerable.Repeat(Fault.Delay, 4)];
        _rng.Shuffle(_deck);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>One request in this many is faulted. Default 6 (16.7 %).</summary>
    public int FaultEvery { get; init; } = 6;

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Requests => Volatile.Read(ref _requests);

    public int Faults => Volatile.Read(ref _slowDowns) + Volatile.Read(ref _resetsBefore) + Volatile.Read(ref _resetsAfter) + Volatile.Read(ref _delays);

    /// <summary>Proxy-side failures (not injected ones): a broken client, an unreachable server.</summary>
    public int ProxyErrors => Volatile.Read(ref _errors);

    public override string ToString() =>
        $"{Requests} requests: {_slowDowns} 503 SlowDown, {_resetsBefore} resets before forwarding, {_resetsAfter} resets after forwarding, " +
        $"{_delays} delayed; {Faults * 100.0 / Math.Max(1, Requests):F1}% faulted; {ProxyErrors} proxy errors";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private enum Fault { None, SlowDown, ResetBefore, ResetAfter, Delay }

    /// <summary>The fault for a request: one is owed every <see cref="FaultEvery"/> requests and paid by the first
    /// request not faulted before.</summary>
    private Fault Next(string requestLine, byte[] body)
    {
        var identity = requestLine + " " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body));
        lock (_faulted)
        {
            if (++_scheduled % FaultEvery == 0) _owed++;
            if (_owed == 0 || !_faulted.Add(identity)) return Fault.None;
            _owed--;
            return _deck[_dealt++ % _deck.Length];
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var net = client.GetStream();
            var input = new BufferedStream(net);
            var head = await ReadHeadAsync(input);
            if (head is null) return; // the client closed an idle connection
            var (requestLine, headers) = head.Value;
            Interlocked.Increment(ref _requests);
            if (Header(headers, "Expect") is { } expect && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
                await net.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray());
            var body = await ReadBodyAsync(input, headers, hasBody: true);

            var fault = Next(requestLine, body);
            switch (fault)
            {
                case Fault.SlowDown:
                    Interlocked.Increment(ref _slowDowns);
                    await WriteSlowDownAsync(net, requestLine);
                    return;
                case Fault.ResetBefore:
                    Interlocked.Increment(ref _resetsBefore);
                    Reset(client);
                    return;
            }

            var (statusLine, responseHeaders, responseBody) = await ForwardAsync(requestLine, headers, body);
            if (fault == Fault.ResetAfter)
            {
                Interlocked.Increment(ref _resetsAfter);
                Reset(client);
                return;
            }
            if (fault == Fault.Delay)
            {
                Interlocked.Increment(ref _delays);
                int ms;
                lock (_rng) ms = _rng.Next(200, 1200);
                await Task.Delay(ms);
            }
            var reply = new StringBuilder(statusLine).Append("\r\n");
            foreach (var (name, value) in responseHeaders)
                if (!IsHopByHop(name)) reply.Append(name).Append(": ").Append(value).Append("\r\n");
            reply.Append("Connection: close\r\n\r\n");
            await net.WriteAsync(Encoding.ASCII.GetBytes(reply.ToString()));
            await net.WriteAsync(responseBody);
            await net.FlushAsync();
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidDataException)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    private static bool IsHopByHop(string name) =>
        name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase);

    private static void Reset(TcpClient client)
    {
        client.LingerState = new LingerOption(true, 0); // close with RST, not FIN
        client.Client.Close();
    }

    private static async Task WriteSlowDownAsync(NetworkStream net, string requestLine)
    {
        var resource = requestLine.Split(' ') is { Length: >= 2 } parts ? parts[1] : "/";
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>" +
                  $"<Resource>{SecurityElementEscape(resource)}</Resource><RequestId>fault-injected</RequestId></Error>";
        var body = Encoding.UTF8.GetBytes(xml);
        var head = $"HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\nx-amz-request-id: fault-injected\r\nConnection: close\r\n\r\n";
        await net.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (!requestLine.StartsWith("HEAD ", StringComparison.Ordinal)) await net.WriteAsync(body);
        await net.FlushAsync();
    }

    private static string SecurityElementEscape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Sends one request upstream on a fresh connection and reads its final reply (1xx skipped).</summary>
    private async Task<(string StatusLine, List<(string, string)> Headers, byte[] Body)> ForwardAsync(string requestLine, List<(string, string)> headers, byte[] body)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(_upstream.Host, _upstream.Port);
        var net = upstream.GetStream();
        var request = new StringBuilder(requestLine).Append("\r\n");
        foreach (var (name, value) in headers)
            if (!IsHopByHop(name) && !name.Equals("Expect", StringComparison.OrdinalIgnoreCase)) request.Append(name).Append(": ").Append(value).Append("\r\n");
        request.Append("Connection: close\r\n\r\n");
        await net.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        await net.WriteAsync(body);
        await net.FlushAsync();
        var input = new BufferedStream(net);
        while (true)
        {
            var head = await ReadHeadAsync(input) ?? throw new IOException("upstream closed without a reply");
            var status = int.Parse(head.Line.Split(' ')[1]);
            if (status is >= 100 and < 200) continue;
            var noBody = requestLine.StartsWith("HEAD ", StringComparison.Ordinal) || status is 204 or 304;
            return (head.Line, head.Headers, await ReadBodyAsync(input, head.Headers, hasBody: !noBody, toEof: true));
        }
    }

    private static string? Header(List<(string Name, string Value)> headers, string name) =>
        headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Reads a request or status line and headers; null at a clean end of stream before any byte.</summary>
    private static async Task<(string Line, List<(string Name, string Value)> Headers)?> ReadHeadAsync(Stream input)
    {
        var first = await ReadLineAsync(input);
        if (first is null) return null;
        var headers = new List<(string, string)>();
        while (await ReadLineAsync(input) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new InvalidDataException($"bad header line '{line}'");
            headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return (first, headers);
    }

    /// <summary>The body as raw bytes (chunked bodies stay chunk-encoded, trailers included).</summary>
    private static async Task<byte[]> ReadBodyAsync(Stream input, List<(string Name, string Value)> headers, bool hasBody, bool toEof = false)
    {
        if (!hasBody) return [];
        var buffer = new MemoryStream();
        if (Header(headers, "Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync(input) ?? throw new IOException("truncated chunked body");
                WriteLine(buffer, sizeLine);
                var size = Convert.ToInt64(sizeLine.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    while (await ReadLineAsync(input) is { } trailer)
                    {
                        WriteLine(buffer, trailer);
                        if (trailer.Length == 0) break;
                    }
                    return buffer.ToArray();
                }
                await CopyExactlyAsync(input, buffer, size + 2); // data and its CRLF
            }
        }
        if (Header(headers, "Content-Length") is { } cl)
        {
            await CopyExactlyAsync(input, buffer, long.Parse(cl));
            return buffer.ToArray();
        }
        if (toEof) await input.CopyToAsync(buffer); // a reply without length ends with the connection
        return buffer.ToArray();
    }

    private static void WriteLine(MemoryStream to, string line)
    {
        to.Write(Encoding.ASCII.GetBytes(line));
        to.Write("\r\n"u8);
    }

    private static async Task CopyExactlyAsync(Stream from, Stream to, long count)
    {
        var chunk = new byte[81920];
        while (count > 0)
        {
            var n = await from.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, count)));
            if (n == 0) throw new IOException("connection closed inside a body");
            await to.WriteAsync(chunk.AsMemory(0, n));
            count -= n;
        }
    }

    private static async Task<string?> ReadLineAsync(Stream input)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await input.ReadAsync(one) == 0) return line.Length == 0 ? null : throw new IOException("connection closed inside a line");
            if (one[0] == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        _stop.Dispose();
    }
}
