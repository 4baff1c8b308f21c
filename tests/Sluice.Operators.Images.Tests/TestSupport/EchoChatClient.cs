using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.AI;

namespace Sluice.Operators.Images.Tests.TestSupport;

/// <summary>
/// A test double (no vision model runs in these unit tests; the pipeline tests use a real HTTP endpoint double): an in-process vision chat client that records the alt-text prompt of every request (the text after
/// <c>"\nAlt-text: "</c>, with <c>(none)</c> read as empty) and answers a caption derived only from the image bytes and
/// that prompt, so answers are deterministic and show which prompt produced them.
/// </summary>
internal sealed class EchoChatClient : IChatClient
{
    private const string Marker = "\nAlt-text: ";

    /// <summary>Every request as (image SHA-256 prefix, alt prompt), in arrival order per image.</summary>
    public ConcurrentQueue<(string Image, string Prompt)> Requests { get; } = new();

    /// <summary>The caption answered for an image hash prefix and a prompt.</summary>
    public static string CaptionFor(string image, string prompt) => $"[{image}] {(prompt.Length == 0 ? "a picture" : prompt)} +";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var message = messages.Single();
        var image = message.Contents.OfType<DataContent>().Single();
        var text = message.Contents.OfType<TextContent>().Single().Text;
        var prompt = text[(text.LastIndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..];
        if (prompt == "(none)") prompt = "";
        var sha = Convert.ToHexStringLower(SHA256.HashData(image.Data.Span))[..8];
        Requests.Enqueue((sha, prompt));
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, CaptionFor(sha, prompt))) { ModelId = "echo", FinishReason = ChatFinishReason.Stop });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() { }
}
