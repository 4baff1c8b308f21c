using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Cli.Scripting;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Catalog;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice ops [--json | --markdown]</c>: every verb a script can call, one line each (name, role, input → output
/// type, source file); <c>--json</c> one JSON array of the full entries; <c>--markdown</c> the page
/// <c>docs/operators.md</c> holds.
/// </summary>
internal static class OpsCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        // Types such as Flow<T> and arrows stay readable rather than \u-escaped; the output is not embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    /// <summary>The verbs of the assemblies scripts reference and of every installed operator package, in catalogue order.</summary>
    public static IReadOnlyList<VerbEntry> Verbs() => VerbCatalog.Of(ScriptHost.CatalogAssemblies());

    public static int Run(CliArguments args, TextWriter @out)
    {
        if (args.Positional.Count != 0 || args.Has("json") && args.Has("markdown"))
            throw new UsageException("usage: sluice ops [--json | --markdown]");
        var verbs = Verbs();
        if (args.Has("json")) @out.WriteLine(JsonSerializer.Serialize(verbs, Json));
        else if (args.Has("markdown")) @out.Write(OperatorsMarkdown.Render(verbs));
        else
        {
            var width = verbs.Max(v => v.Name.Length) + 2;
            var types = verbs.Max(v => Types(v).Length) + 2;
            foreach (var v in verbs)
                @out.WriteLine($"{v.Name.PadRight(width)}{Role(v).PadRight(11)}{Types(v).PadRight(types)}{v.File}");
        }
        return 0;
    }

    /// <summary>The role in lower case, as plans and stats spell it.</summary>
    public static string Role(VerbEntry v) => v.Role.ToName();

    /// <summary><c>Input → Output</c>, with a side left empty for a source or a sink.</summary>
    public static string Types(VerbEntry v) => $"{v.Input} → {v.Output}".Trim();
}
