using System.Net;
using System.Net.Sockets;

namespace Sluice.Testing;

/// <summary>
/// Starts an <see cref="HttpListener"/> on a free loopback port for a test double. HttpListener cannot bind port 0,
/// so a port is found by binding a probe socket and releasing it; in that gap another test process, an outgoing
/// connection or a listener in this process may take the port, and starting then fails. A refused start therefore
/// tries another port, so the double never fails by chance.
/// </summary>
public static class LoopbackListener
{
    private const int Attempts = 50;

    /// <summary>A started listener for <c>http://127.0.0.1:PORT/</c>, and its port.</summary>
    /// <exception cref="HttpListenerException">No port could be bound in 50 attempts.</exception>
    public static (HttpListener Listener, int Port) Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = ProbePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException) when (attempt < Attempts)
            {
                listener.Close();
            }
        }
    }

    private static int ProbePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
