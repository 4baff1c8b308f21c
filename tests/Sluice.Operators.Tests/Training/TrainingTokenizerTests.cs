using Sluice.Operators.Training;
using Sluice.Testing;

namespace Sluice.Operators.Tests.Training;

/// <summary>
/// Tokenization against ids published for the tiktoken encodings (GPT-2's vocabulary has "Hello" = 15496 and
/// "Ġworld" — " world", the byte-level space mapped to Ġ — = 995; cl100k_base has "hello" = 15339, " world" = 1917),
/// end-of-text ids, rejects and a model file made in the test.
/// </summary>
public sealed class TrainingTokenizerTests
{
    private static readonly TrainingTokenizer Gpt2 = TrainingTokenizer.Load();

    [Theory]
    [InlineData("Hello world", new[] { 15496, 995, 50256 })]
    [InlineData("hello world", new[] { 31373, 995, 50256 })]
    [InlineData(" world", new[] { 995, 50256 })]
    public void Gpt2_KnownText_PublishedIdsThenEndOfText(string text, int[] expected) =>
        Assert.Equal(expected, Gpt2.Tokenize("d", text).Value!.Tokens);

    [Fact]
    public void Cl100kBase_HelloWorld_PublishedIdsThenEndOfText()
    {
        var cl100k = TrainingTokenizer.Load(new TokenizeOptions { Tokenizer = TokenizerPresets.Cl100kBase });
        Assert.Equal([15339, 1917, 100257], cl100k.Tokenize("d", "hello world").Value!.Tokens);
    }

    [Theory]
    [InlineData(TokenizerPresets.Gpt2, 50256, 50257)]
    [InlineData(TokenizerPresets.Cl100kBase, 100257, 100277)]
    [InlineData(TokenizerPresets.O200kBase, 199999, 200019)]
    public void Presets_EndOfTextAndVocabularySize_AsPublished(string preset, int endOfText, int vocabulary)
    {
        var tokenizer = TrainingTokenizer.Load(new TokenizeOptions { Tokenizer = preset });
        Assert.Equal(endOfText, tokenizer.EndOfTextId);
        Assert.Equal(vocabulary, tokenizer.VocabularySize);
    }

    [Fact]
    public void Tokenize_LongText_DecodesBackToTheText()
    {
        var text = string.Concat(Enumerable.Repeat("Naïve café — 3.14159 ünïcödé 日本語 text, with spaces  and\nlines. ", 50));
        var tokens = Gpt2.Tokenize("d", text).Value!.Tokens;
        Assert.Equal(50256, tokens[^1]);
        Assert.Equal(text, Gpt2.Inner.Decode(tokens[..^1]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void Tokenize_EmptyText_RejectedWithReason(string? text)
    {
        var result = Gpt2.Tokenize("d", text);
        Assert.True(result.IsRejected);
        Assert.Contains("empty text", result.Reason);
    }

    [Fact]
    public void Tokenize_TextSpellsEndOfText_RejectedNotForgedBoundary()
    {
        var result = Gpt2.Tokenize("d", "one document<|endoftext|>pretending to be two");
        Assert.True(result.IsRejected);
        Assert.Contains("special token id 50256", result.Reason);
    }

    [Fact]
    public void Tokenize_EndOfTextConfigured_ThatIdAppended_OrNone()
    {
        var custom = TrainingTokenizer.Load(new TokenizeOptions { EndOfTextId = 7 });
        Assert.Equal([15496, 995, 7], custom.Tokenize("d", "Hello world").Value!.Tokens);
        var none = TrainingTokenizer.Load(new TokenizeOptions { AppendEndOfText = false });
        Assert.Equal([15496, 995], none.Tokenize("d", "Hello world").Value!.Tokens);
    }

    [Fact]
    public void Load_UnknownPreset_ThrowsNamingThePresets()
    {
        var e = Assert.Throws<ArgumentException>(() => TrainingTokenizer.Load(new TokenizeOptions { Tokenizer = "gpt5" }));
        Assert.Contains("cl100k_base", e.Message);
    }

    [Fact]
    public void TiktokenFile_MadeHere_MergesByRankAndEndOfTextFollowsTheRanks()
    {
        // Ranks 0..255 are the single bytes in byte order, 256 merges "a"+"b" and 257 merges "ab"+"c": BPE must apply
        // the lower-ranked merge first, so "abc" is one token and "abd" is "ab" then "d".
        var path = Path.Combine(Path.GetTempPath(), $"sluice-tiktoken-{Guid.NewGuid():N}.tiktoken");
        try
        {
            var lines = Enumerable.Range(0, 256).Select(b => $"{Convert.ToBase64String([(byte)b])} {b}")
                .Append($"{Convert.ToBase64String("ab"u8.ToArray())} 256")
                .Append($"{Convert.ToBase64String("abc"u8.ToArray())} 257");
            File.WriteAllLines(path, lines);
            var tokenizer = TrainingTokenizer.Load(new TokenizeOptions { ModelPath = path });
            Assert.Equal(258, tokenizer.EndOfTextId);
            Assert.Equal(259, tokenizer.VocabularySize);
            Assert.Equal([257, 258], tokenizer.Tokenize("d", "abc").Value!.Tokens);
            Assert.Equal([256, 'd', 258], tokenizer.Tokenize("d", "abd").Value!.Tokens);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    // Expected ids from the reference library: data/make_tiny_spm.py (Debian's python3-sentencepiece 0.1.97) trained
    // data/tiny-bpe.model and printed them; the last id is </s> (2), appended by Tokenize. "ï" and "日本" are outside the
    // 800 pieces and fall back to their UTF-8 bytes (<0xC3> = 198 …).
    [InlineData("Hello world", new[] { 380, 355, 725, 274, 281, 728, 730, 2 })]
    [InlineData("the protein binds", new[] { 277, 546, 295, 591, 726, 2 })]
    [InlineData("naïve 日本", new[] { 312, 723, 198, 178, 318, 719, 233, 154, 168, 233, 159, 175, 2 })]
    public void SentencePieceFile_SameIdsAsTheReferenceLibrary(string text, int[] expected)
    {
        var tokenizer = TrainingTokenizer.Load(new TokenizeOptions
        {
            ModelPath = RepoPaths.Of("tests", "Sluice.Operators.Tests", "Training", "data", "tiny-bpe.model"),
            ModelFormat = TokenizerModelFormat.SentencePiece,
        });
        Assert.Equal(2, tokenizer.EndOfTextId);
        Assert.Equal(800, tokenizer.VocabularySize);
        Assert.Equal(expected, tokenizer.Tokenize("d", text).Value!.Tokens);
    }
}
