namespace Sluice.Cli.Serve;

/// <summary>
/// Where <c>sluice serve</c> listens and the limits it holds every request to. A request over a limit gets a 4xx
/// that names the limit (413 for the body, 400 for the rest, 503 when the queue is full), never a slower answer for
/// everyone else.
/// </summary>
public sealed record ServeOptions
{
    /// <summary>Address to bind; loopback by default, since the API has no authentication.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (the bound address is printed and is <see cref="SearchServer.Address"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Most queries in one request.</summary>
    public int MaxQueriesPerRequest { get; init; } = 256;

    /// <summary>Largest <c>k</c> a request may ask for.</summary>
    public int MaxK { get; init; } = 1000;

    /// <summary>Largest request body in bytes.</summary>
    public long MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Requests searched at once; more wait in a queue of <see cref="QueueLength"/>.</summary>
    public int MaxConcurrentRequests { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Requests that may wait for a turn; beyond it a request is answered 503 at once.</summary>
    public int QueueLength { get; init; } = 256;

    /// <summary>Throws when a limit is not positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueriesPerRequest, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxK, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBodyBytes, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentRequests, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(QueueLength);
    }
}
