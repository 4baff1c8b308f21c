using System.Reflection;
using System.Text.Json;
using Sluice.Cli.Scripting;
using Sluice.Operators.Text;
using Sluice.Operators.Text.Cleaning;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Catalog;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Commands;

/// <summary>
/// <c>sluice ops</c>: known verbs listed with their roles and types, the JSON form with the same entries, every
/// public verb marked <c>[Verb]</c>, and <c>docs/operators.md</c> equal to what the command generates.
/// </summary>
public sealed class OpsCommandTests
{
    private static IEnumerable<Assembly> Assemblies => ScriptHost.CatalogAssemblies();

    [Theory]
    [InlineData("ReadJsonl", "source", "→ T")]
    [InlineData("MinWords", "filter", "Document → Document")]
    [InlineData("Chunk", "transform", "Document → Passage")]
    [InlineData("Embed", "inference", "Passage → EmbeddedPassage")]
    [InlineData("EmbedWithTorch", "inference", "Passage → EmbeddedPassage")]
    [InlineData("DedupImages", "stateful", "PreparedImage → PreparedImage")]
    [InlineData("Merge", "merge", "T → T")]
    [InlineData("WriteParquet", "sink", "T →")]
    public async Task Ops_KnownVerb_ListedWithRoleAndTypes(string verb, string role, string types)
    {
        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("ops");

        Assert.True(exit == 0, stderr);
        var line = stdout.Split('\n').First(l => l.StartsWith(verb + " ", StringComparison.Ordinal));
        var columns = line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal([verb, role, types], columns[..3]);
        Assert.EndsWith(".cs", columns[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpsJson_SameEntriesAsText_WithOptionsAndFiles()
    {
        var text = await CliSandbox.SluiceAsync("ops");
        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("ops", "--json");

        Assert.True(exit == 0, stderr);
        var entries = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToArray();
        var lines = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length, entries.Length);
        Assert.Equal(lines.Select(l => l.Split(' ')[0]), entries.Select(e => e.GetProperty("name").GetString()));
        var parquet = entries.Single(e => e.GetProperty("name").GetString() == "WriteParquet");
        Assert.Equal("sink", parquet.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, parquet.GetProperty("output").ValueKind);
        Assert.Equal("pipelines/Sluice.Pipelines/Blueprint/FormatVerbs.cs", parquet.GetProperty("file").GetString());
        var rowGroup = parquet.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "rowGroupBytes");
        Assert.Equal((64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), rowGroup.GetProperty("default").GetString());
        Assert.StartsWith("Writes Parquet shards", parquet.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var mine = entries.Single(e => e.GetProperty("name").GetString() == "MineLabels");
        Assert.Equal("DRAMA", mine.GetProperty("paper").GetString());
    }

    [Fact]
    public void Catalog_EveryPublicVerb_CarriesVerbAttribute()
    {
        var unmarked = VerbCatalog.Unmarked(Assemblies).Select(m => $"{m.DeclaringType!.Name}.{m.Name}");

        Assert.Empty(unmarked);
        Assert.True(VerbCatalog.Of(Assemblies).Count >= 40, "the catalogue should list the built-in verbs");
    }

    [Fact]
    public void Catalog_Roles_MatchTheKindsOfTheNodesVerbsAdd()
    {
        var verbs = VerbCatalog.Of(Assemblies).ToLookup(v => v.Name);
        var pipeline = Pipeline.Create("roles").ReadJsonl<Document>("in.jsonl").MinWords(5).Map(d => d, "map")
            .MapBatch<Document>((batch, _) => Task.FromResult(batch), "batch").WriteParquet("out").Build();

        string[] declared = ["ReadJsonl", "MinWords", "Map", "MapBatch", "WriteParquet"];
        Assert.Equal(declared.Select(v => verbs[v].Single().Role), pipeline.Nodes.Select(n => n.Role));
    }

    [Fact]
    public void Catalog_VerbWithoutAttribute_IsReportedAndNotListed()
    {
        var tests = new[] { typeof(UnmarkedVerbSample).Assembly };

        Assert.Equal("Untagged", Assert.Single(VerbCatalog.Unmarked(tests)).Name);
        var tagged = Assert.Single(VerbCatalog.Of(tests));
        Assert.Equal(("Tagged", "T", "T", "keeps everything"), (tagged.Name, tagged.Input, tagged.Output, tagged.Rule));
        Assert.Equal("tests/Sluice.Cli.Tests/Commands/UnmarkedVerbSample.cs", tagged.File);
    }

    [Fact]
    public async Task OperatorsDoc_Committed_EqualsGeneratedMarkdown()
    {
        var (exit, stdout, stderr) = await CliSandbox.SluiceAsync("ops", "--markdown");

        Assert.True(exit == 0, stderr);
        var committed = File.ReadAllText(RepoPaths.Of("docs", "operators.md"));
        Assert.True(committed == stdout, "docs/operators.md is stale: regenerate it with `make operators-doc`");
    }
}
