using System.Diagnostics;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Operators.Models.Embedding;

namespace Sluice.Cli.Serve;

/// <summary>
/// The HTTP search API of <c>sluice serve</c> on Kestrel: <c>POST /search</c>, <c>GET /health</c>, <c>GET /stats</c>
/// and <c>GET /openapi.json</c>. Every request is checked before any work (body size, JSON, field values) and a bad
/// one gets a 4xx whose <c>error</c> names the problem; searches run at most
/// <see cref="ServeOptions.MaxConcurrentRequests"/> at once, the rest queue, and a full queue answers 503 at once.
/// </summary>
internal sealed class SearchServer : IAsyncDisposable
{
    private const string SearchPolicy = "search";
    private readonly WebApplication _app;

    private SearchServer(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The bound base address, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public string Address { get; }

    /// <summary>Starts serving <paramref name="datastores"/>; queries are embedded with <paramref name="embedder"/>.</summary>
    public static async Task<SearchServer> StartAsync(IReadOnlyList<ServedDatastore> datastores, MiniLmEmbedder embedder, ServeOptions options,
        CancellationToken ct)
    {
        options.Validate();
        if (datastores.Count == 0) throw new ArgumentException("nothing to serve: give at least one datastore", nameof(datastores));
        var byName = datastores.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var stats = new ServerStats();
        embedder.Open();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        builder.Services.AddOpenApi();
        builder.Services.AddRateLimiter(limits =>
        {
            limits.AddConcurrencyLimiter(SearchPolicy, c =>
            {
                c.PermitLimit = options.MaxConcurrentRequests;
                c.QueueLimit = options.QueueLength;
                c.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limits.OnRejected = async (context, token) =>
            {
                stats.Refused();
                context.HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new ErrorResponse($"busy: {options.MaxConcurrentRequests} searches running and {options.QueueLength} waiting; retry later"),
                    SearchApiJson.Default.ErrorResponse, cancellationToken: token);
            };
        });
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapOpenApi("/openapi.json");
        app.MapGet("/health", () => Results.Json(new HealthResponse("ok", byName.Keys.Order(StringComparer.Ordinal).ToArray()), SearchApiJson.Default.HealthResponse))
            .WithSummary("Liveness: 200 while the server answers, with the names of the datastores it serves.");
        app.MapGet("/stats", () => Results.Json(stats.Snapshot(datastores), SearchApiJson.Default.ServerStatsSnapshot))
            .WithSummary("Requests, queries, errors and search latency so far, and each datastore's size and fingerprint.");
        var handler = new SearchHandler(byName, embedder, options, stats);
        app.MapPost("/search", (Delegate)handler.HandleAsync)
            .RequireRateLimiting(SearchPolicy)
            .Accepts<SearchRequest>("application/json")
            .Produces<SearchResponse>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ErrorResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Top-k passages per query, in query order, best first.");
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SearchServer(app, address);
    }

    /// <summary>Stops accepting connections and waits (up to <paramref name="drain"/>) for requests in flight.</summary>
    public async Task StopAsync(TimeSpan drain)
    {
        using var timeout = new CancellationTokenSource(drain);
        await _app.StopAsync(timeout.Token);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
