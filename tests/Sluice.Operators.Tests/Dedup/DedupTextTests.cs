using Sluice.Operators.Dedup;

namespace Sluice.Operators.Tests.Dedup;

public sealed class DedupTextTests
{
    [Theory]
    [InlineData("Héllo, WORLD!", "hello world")]
    [InlineData("  many   spaces\n\ttabs\r\n ", "many spaces tabs")]
    [InlineData("naïve café Ångström", "naive cafe angstrom")]
    [InlineData("Ｆｕｌｌ－ｗｉｄｔｈ ﬁne ligature", "full width fine ligature")]
    [InlineData("pi is 3.14, a million is 1,000,000.", "pi is 0 a million is 0")]
    [InlineData("version v2.0-beta, ends with 7.", "version v0 beta ends with 0")]
    [InlineData("co\u00ADoperate zero\u200Bwidth", "cooperate zerowidth")]
    [InlineData("snake_case & kebab-case / path\\name", "snake case kebab case path name")]
    [InlineData("ΟΔΟΣ Straße", "οδοσ straße")]
    [InlineData("“Curly” quotes — and dashes…", "curly quotes and dashes")]
    [InlineData("中文，日本語。한국어!", "中文 日本語 한국어")]
    [InlineData("٣٤ Arabic-Indic digits", "0 arabic indic digits")]
    public void Normalize_Text_FollowsTheRule(string text, string expected) =>
        Assert.Equal(expected, DedupText.Normalize(text));

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("!!! ... ??? — «»")]
    public void Normalize_NoWords_IsEmpty(string text) => Assert.Equal("", DedupText.Normalize(text));

    [Fact]
    public void Words_SpacedScript_SplitsOnWhitespace() =>
        Assert.Equal(["the", "quick", "fox"], DedupText.Words("the quick fox"));

    [Fact]
    public void Words_SpacelessScripts_EachCharacterIsAWord() =>
        Assert.Equal(["abc", "中", "文", "def", "ひ", "ら", "한", "국", "ไ", "ท", "ย"], DedupText.Words("abc中文def ひら 한국 ไทย"));

    [Fact]
    public void Words_SupplementaryIdeograph_IsOneWord() =>
        Assert.Equal(["𠀀", "x"], DedupText.Words("𠀀x"));

    [Fact]
    public void Words_Empty_IsEmpty() => Assert.Empty(DedupText.Words(""));
}
