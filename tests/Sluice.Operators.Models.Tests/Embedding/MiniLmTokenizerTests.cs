using Microsoft.ML.Tokenizers;
using Sluice.Operators.Models.Embedding;

namespace Sluice.Operators.Models.Tests.Embedding;

public sealed class MiniLmTokenizerTests
{
    private static readonly MiniLmTokenizer Ours = MiniLmTokenizer.FromPackage(4096);

    private static BertTokenizer PackageWithBasicStep() => Package(new BertOptions
    {
        LowerCaseBeforeTokenization = true,
        ApplyBasicTokenization = true,
        IndividuallyTokenizeCjk = true,
        RemoveNonSpacingMarks = true,
    });

    /// <summary>Word-piece alone: splits on spaces only, so it encodes words already split as Hugging Face splits them.</summary>
    private static BertTokenizer PackageWordPieceOnly() =>
        Package(new BertOptions { LowerCaseBeforeTokenization = false, ApplyBasicTokenization = false });

    private static BertTokenizer Package(BertOptions options)
    {
        using var vocab = MiniLmTokenizer.OpenPackageResource("vocab.txt");
        return BertTokenizer.Create(vocab, options);
    }

    /// <summary>
    /// Microsoft.ML.Tokenizers' own basic step differs from Hugging Face on each of these (see BertPreTokenizer's
    /// remarks); the hand-written step matches Hugging Face. When this fails, the package has caught up: use its basic
    /// step and delete BertPreTokenizer and BertAccentTable.
    /// </summary>
    [Theory]
    [InlineData("p<0.05 and x=3", "p < 0 . 05 and x = 3")]
    [InlineData("alpha(+)-thalassemia", "alpha ( + ) - thalassemia")]
    [InlineData("$5 ^ | ~ `x`", "$ 5 ^ | ~ ` x `")]
    [InlineData("Caf\u00E9 na\u00EFve", "cafe naive")]
    [InlineData("new\nline", "new line")]
    public void PackageBasicTokenization_StillDiffersFromHuggingFace(string text, string huggingFaceWords)
    {
        var reference = PackageWordPieceOnly().EncodeToIds(huggingFaceWords, addSpecialTokens: false);

        Assert.Equal(reference, Ours.Tokenize([text]).Ids[0][1..^1]);
        Assert.NotEqual(reference, PackageWithBasicStep().EncodeToIds(text, addSpecialTokens: false));
    }

    [Theory]
    [InlineData("Transcription factor GATA-3 regulates HSC (Lin- Sca1) entry.")]
    [InlineData("中文 日本語のテキスト。")]
    [InlineData("Кириллица עברית")]
    public void Tokenize_TextWithoutSymbolsOrAccents_AgreesWithThePackage(string text) =>
        Assert.Equal(PackageWithBasicStep().EncodeToIds(text, addSpecialTokens: false), Ours.Tokenize([text]).Ids[0][1..^1]);
}
