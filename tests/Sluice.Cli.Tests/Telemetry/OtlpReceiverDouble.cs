using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Cli.Tests.Telemetry;

/// <summary>
/// Test double of an OpenTelemetry collector: a real Kestrel server on loopback that accepts OTLP/HTTP
/// <c>POST /v1/metrics</c>, keeps each protobuf body and answers an empty (valid) export response. A double because no
/// real collector is packaged for Debian here; it checks what reaches the wire, not how a collector would store it.
/// </summary>
public sealed class OtlpReceiverDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _bodies = new();

    private OtlpReceiverDouble(WebApplication app) => _app = app;

    /// <summary>The base URL to give <c>--otlp</c>, e.g. <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The bodies received, in arrival order.</summary>
    public IReadOnlyList<byte[]> Bodies => _bodies.ToArray();

    /// <summary>Starts listening on a free loopback port.</summary>
    public static async Task<OtlpReceiverDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiverDouble(app);
        app.MapPost("/v1/metrics", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver._bodies.Enqueue(body.ToArray());
            http.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
