using Sluice.Operators.Images.Altogether;

namespace Sluice.Operators.Images.Tests.Altogether;

public sealed class AltPromptBuilderTests
{
    // The reference: alt = "; ".join(set(alts)); ids = tokenizer.encode(alt)[:128]; ids = [pad] * (128 - len(ids)) + ids.
    private static int[] Reference(IReadOnlyList<string> alts, Func<string, IReadOnlyList<PromptToken>> tokenize, int n, int pad)
    {
        var joined = string.Join("; ", new HashSet<string>(alts).OrderBy(a => alts.ToList().IndexOf(a)));
        var ids = tokenize(joined).Select(t => t.Id).Take(n).ToList();
        return Enumerable.Repeat(pad, n - ids.Count).Concat(ids).ToArray();
    }

    [Fact]
    public void Join_DuplicateAlts_DedupedAsSetJoinedWithSemicolon()
    {
        var b = new AltPromptBuilder();
        Assert.Equal("a red barn; barn at dusk", b.Join(["a red barn", "barn at dusk", "a red barn"]));
    }

    [Fact]
    public void EncodePadded_ShortPrompt_LeftPaddedTo128()
    {
        var b = new AltPromptBuilder(new AltPromptOptions { PadTokenId = 7 });
        var ids = b.EncodePadded(b.Join(["a cat", "a cat", "on a mat"]));
        Assert.Equal(128, ids.Length);
        var tokens = PromptTokenizers.Words("a cat; on a mat");
        Assert.Equal(6, tokens.Count);
        Assert.All(ids[..122], id => Assert.Equal(7, id));
        Assert.Equal(tokens.Select(t => t.Id), ids[122..]);
        Assert.Equal(Reference(["a cat", "a cat", "on a mat"], PromptTokenizers.Words, 128, 7), ids);
    }

    [Fact]
    public void EncodePadded_Default_PadsWithOptsPadId()
    {
        // OPT's tokenizer: 0 <s>, 1 <pad>, 2 </s>; the reference's config says pad_token_id 1.
        var b = new AltPromptBuilder();
        var ids = b.EncodePadded(b.Join(["a red barn"]));
        Assert.Equal(1, new AltPromptOptions().PadTokenId);
        Assert.All(ids[..^3], id => Assert.Equal(1, id));
        Assert.Equal(Reference(["a red barn"], PromptTokenizers.Words, 128, 1), ids);
    }

    [Fact]
    public void EncodePaddedAndTruncate_LongPrompt_FirstTokensKept()
    {
        var b = new AltPromptBuilder();
        var alts = Enumerable.Range(0, 100).Select(i => $"word{i} more{i}").ToArray();
        var joined = b.Join(alts);
        var ids = b.EncodePadded(joined);
        Assert.Equal(Reference(alts, PromptTokenizers.Words, 128, 0), ids);
        Assert.DoesNotContain(0, ids);
        var cut = b.Truncate(joined);
        Assert.Equal(128, PromptTokenizers.Words(cut).Count);
        Assert.StartsWith(cut, joined);
    }

    [Fact]
    public void Words_AnyScript_TokenizedWithoutLoss()
    {
        foreach (var text in new[] { "東京タワーの夜景", "Кошка на окне", "قطة على النافذة", "แมวนอนบนโซฟา", "🐈‍⬛ black cat" })
        {
            var tokens = PromptTokenizers.Words(text);
            Assert.NotEmpty(tokens);
            Assert.Equal(text.Replace(" ", ""), string.Concat(tokens.Select(t => text.Substring(t.Start, t.Length))));
        }
    }
}
