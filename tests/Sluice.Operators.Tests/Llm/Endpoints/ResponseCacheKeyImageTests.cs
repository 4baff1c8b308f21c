using Microsoft.Extensions.AI;
using Sluice.Operators.Llm.Endpoints;

namespace Sluice.Operators.Tests.Llm.Endpoints;

public sealed class ResponseCacheKeyImageTests
{
    private static ChatMessage WithImage(byte[] image) =>
        new(ChatRole.User, [new TextContent("Alt-text: a red bicycle"), new DataContent(image, "image/png")]);

    [Fact]
    public void Compute_SameTextDifferentImages_GivesDifferentKeys()
    {
        var a = ResponseCacheKey.Compute("vlm", null, [WithImage([1, 2, 3])]);
        var b = ResponseCacheKey.Compute("vlm", null, [WithImage([1, 2, 4])]);

        Assert.NotEqual(a, b);
        Assert.Equal(a, ResponseCacheKey.Compute("vlm", null, [WithImage([1, 2, 3])]));
    }
}
