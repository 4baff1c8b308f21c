using Sluice.Cli.Commands;
using Sluice.Cli.Launch;

namespace Sluice.Cli.Tests.Commands;

public sealed class CliArgumentsTests
{
    [Fact]
    public void Parse_Run_SplitsOwnOptionsFromScriptParameters()
    {
        var args = CliArguments.Parse(["run", "x.csx", "--output", "o", "--strict", "--words=250", "--rank", "1", "--lang", "en"]);

        Assert.Equal("run", args.Command);
        Assert.Equal(["x.csx"], args.Positional);
        Assert.Equal("o", args.Get("output"));
        Assert.True(args.Has("strict"));
        Assert.Equal(1, args.GetInt("rank"));
        Assert.Equal(new Dictionary<string, string> { ["words"] = "250", ["lang"] = "en" }, args.Parameters);
        Assert.Equal(["output", "strict", "words", "rank", "lang"], args.Given.Select(o => o.Name));
    }

    [Fact]
    public void Parse_ScriptParameterLastWithoutValue_NeedsAValue()
    {
        var e = Assert.Throws<UsageException>(() => CliArguments.Parse(["run", "x.csx", "--words"]));
        Assert.Equal("option --words needs a value", e.Message);
    }

    [Theory]
    [InlineData("status", "--jsn")]
    [InlineData("ops", "--markdwn")]
    [InlineData("query", "--limt")]
    [InlineData("inspect", "--rows")]
    public void Parse_UnknownOptionOfACommandWithoutScript_IsRefusedNamingIt(string command, string option)
    {
        var e = Assert.Throws<UsageException>(() => CliArguments.Parse([command, "x", option, "3"]));
        Assert.StartsWith($"unknown option {option}: sluice {command} takes", e.Message);
    }

    [Theory]
    [InlineData("run", "x.csx")]
    [InlineData("plan", "x.csx")]
    [InlineData("launch", "slurm")]
    [InlineData("status", "run")]
    [InlineData("inspect", "out")]
    [InlineData("search", "store")]
    [InlineData("query", "SELECT 1")]
    [InlineData("report", "out")]
    [InlineData("ops", null)]
    public void Parse_EveryCommandOfTheUsage_HasASyntax(string command, string? positional) =>
        Assert.Equal(command, CliArguments.Parse(positional is null ? [command] : [command, positional]).Command);

    [Fact]
    public void Parse_Report_ReadsItsOut()
    {
        var args = CliArguments.Parse(["report", "out/run", "--out", "page.html"]);
        Assert.Equal(["out/run"], args.Positional);
        Assert.Equal("page.html", args.Get("out"));
    }

    [Fact]
    public void Parse_RunOtlp_IsSluicesOwnNotAScriptParameter()
    {
        var args = CliArguments.Parse(["run", "x.csx", "--otlp", "http://127.0.0.1:4318", "--otlp-interval", "5"]);
        Assert.Equal("http://127.0.0.1:4318", args.Get("otlp"));
        Assert.Empty(args.Parameters);
    }

    [Fact]
    public void Parse_SearchShortK_IsTheKOption()
    {
        var args = CliArguments.Parse(["search", "store", "-k", "5", "--query", "vitamin d"]);

        Assert.Equal(["store"], args.Positional);
        Assert.Equal(5, args.GetInt("k"));
        Assert.Equal("vitamin d", args.Get("query"));
    }

    [Fact]
    public void Parse_SearchStreamFlag_TakesNoValue()
    {
        var args = CliArguments.Parse(["search", "store", "--stream", "--max-per-doc", "3", "--memory", "8G", "--query", "q"]);

        Assert.True(args.Has("stream"));
        Assert.Equal(3, args.GetInt("max-per-doc"));
        Assert.Equal("8G", args.Get("memory"));
        Assert.Equal("q", args.Get("query"));
    }

    [Fact]
    public void Parse_ShortOptionOfAnotherCommand_StaysPositional() =>
        Assert.Equal(["x", "-k"], CliArguments.Parse(["inspect", "x", "-k"]).Positional);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Parse_HelpOptionAnywhere_IsTheHelpCommand(string help)
    {
        Assert.Equal("help", CliArguments.Parse([help]).Command);
        Assert.Equal("help", CliArguments.Parse(["run", "x.csx", help]).Command);
    }

    [Fact]
    public void Parse_HelpWordAfterACommand_IsPositional() =>
        Assert.Equal(["help"], CliArguments.Parse(["inspect", "help"]).Positional);

    [Fact]
    public void Parse_UnknownCommand_IsRefused() =>
        Assert.Equal("unknown command 'runn'", Assert.Throws<UsageException>(() => CliArguments.Parse(["runn", "x.csx"])).Message);

    [Fact]
    public void GetInt_NotANumber_SaysWhatItExpects() =>
        Assert.Equal("--limit expects a whole number, got 'ten'",
            Assert.Throws<UsageException>(() => CliArguments.Parse(["query", "SELECT 1", "--limit", "ten"]).GetInt("limit")).Message);

    [Fact]
    public void Launch_ForwardsRunOptionsAndParametersInOrder_AndKeepsSecretsApart()
    {
        var args = LaunchArguments.From(CliArguments.Parse(
            ["launch", "slurm", "x.csx", "--verify", "--world-size", "2", "--api-key", "sk-123", "--output", "o", "--dry-run", "--n", "3"]));

        Assert.Equal("2", args.Get("world-size"));
        Assert.True(args.Options.ContainsKey("dry-run"));
        Assert.Equal(["--verify", "--output", "o", "--n", "3"], args.Forwarded);
        Assert.Equal("sk-123", args.Secrets["api-key"]);
    }

    [Fact]
    public async Task Sluice_UsageError_ExitsTwoWithTheMessageAndUsage()
    {
        var err = new StringWriter();
        var code = await Program.RunAsync(["status", "run", "--jsn"], TextWriter.Null, err, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.StartsWith("sluice: unknown option --jsn: sluice status takes --json", err.ToString());
        Assert.Contains("usage: sluice COMMAND", err.ToString());
    }

    [Fact]
    public async Task Sluice_HelpAfterACommand_PrintsUsageAndExitsZero()
    {
        var @out = new StringWriter();
        Assert.Equal(0, await Program.RunAsync(["run", "--help"], @out, TextWriter.Null, CancellationToken.None));
        Assert.Contains("usage: sluice COMMAND", @out.ToString());
    }
}
