using System.Net.Http;
using System.Net.Sockets;

namespace Sluice.Operators.Llm.Endpoints;

/// <summary>
/// Tells "no server at this address" (connection refused, host not found) from an outage, and says how to start one.
/// An endpoint that has never answered and refuses connections is a missing server, not a slow one: the governed
/// client stops at once with <see cref="Message"/> instead of retrying and pausing behind its circuit for minutes.
/// </summary>
internal static class EndpointNotRunning
{
    /// <summary>True when <paramref name="error"/> says nothing listens at the address (or the name does not resolve).</summary>
    public static bool Is(Exception error) => error switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound } } => true,
        _ => false,
    };

    /// <summary>What to tell the user: which endpoint, what failed, and the commands that start an OpenAI-compatible server.</summary>
    public static string Message(string endpoint, Exception error) =>
        $"endpoint '{endpoint}' cannot be reached and has not answered once ({error.Message}): no model server is running there. " +
        "Start an OpenAI-compatible one at that address, e.g. vLLM: `vllm serve MODEL --port 8000`; llama.cpp: " +
        "`llama-server -m MODEL.gguf --port 8000` (add `--mmproj MMPROJ.gguf` for a vision model); Ollama: `ollama serve` " +
        "(its URL is http://localhost:11434/v1), or give the script the URL of a running one.";
}
