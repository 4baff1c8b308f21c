using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Sluice.Pipelines.Blueprint;

namespace Sluice.Cli.Scripting;

/// <summary>
/// Compiles and runs a pipeline script (<c>.csx</c>) with Roslyn scripting. Scripts get Sluice's namespaces without
/// <c>#r</c> lines and must end by returning the <see cref="Pipeline"/> or <see cref="Workflow"/> they declare.
/// </summary>
public static class ScriptHost
{
    /// <summary>Namespaces every script imports.</summary>
    public static readonly string[] Imports =
    [
        "System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Threading", "System.Threading.Tasks",
        "Sluice.Pipelines.Blueprint", "Sluice.Pipelines.Contracts", "Sluice.Pipelines.Sources", "Sluice.Pipelines.Sinks",
        "Sluice.Pipelines.Planning", "Sluice.Pipelines.Runtime", "Sluice.Storage.Formats", "Sluice.Storage.Rows", "Sluice.Operators", "Sluice.Operators.Text",
        "Sluice.Operators.Embedding", "Sluice.Operators.Search", "Sluice.Operators.Selection", "Sluice.Operators.Endpoints", "Sluice.Operators.Drama",
        "Sluice.Operators.Images", "Sluice.Operators.Images.Imaging", "Sluice.Operators.Images.Sources", "Sluice.Operators.Images.Altogether",
        "Sluice.Operators.Torch", "Sluice.Operators.Torch.GroupMates",
    ];

    /// <summary>Assemblies every script references; <c>sluice ops</c> lists the verbs they declare.</summary>
    public static readonly string[] Assemblies =
        ["Sluice.Storage", "Sluice.Pipelines", "Sluice.Operators", "Sluice.Operators.Models", "Sluice.Operators.Images", "Sluice.Operators.Torch", "TorchSharp"];

    /// <summary>Compiles <paramref name="path"/> and runs it to get what it declares: a <see cref="Pipeline"/> or a <see cref="Workflow"/>.</summary>
    /// <exception cref="ScriptCompilationException">The script does not compile; errors point at its lines.</exception>
    /// <exception cref="InvalidOperationException">The script returned something other than a pipeline or a workflow.</exception>
    public static async Task<object> LoadAsync(string path, ScriptGlobals globals, CancellationToken ct = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"pipeline script not found: {path}");
        var code = await File.ReadAllTextAsync(path, ct);
        var script = CSharpScript.Create<object>(code, OptionsFor(path), typeof(ScriptGlobals));
        var errors = script.Compile(ct).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0) throw new ScriptCompilationException(string.Join(Environment.NewLine, errors.Select(Format)));
        var state = await script.RunAsync(globals, cancellationToken: ct);
        return state.ReturnValue is Pipeline or Workflow ? state.ReturnValue
            : throw new InvalidOperationException($"{path}: the script must end by returning the Pipeline it built ('return pipeline;') or its Workflow ('return workflow;'); got {state.ReturnValue?.GetType().Name ?? "nothing"}");
    }

    private static ScriptOptions OptionsFor(string path)
    {
        var sluice = Assemblies.Select(name => Assembly.Load(name));
        return ScriptOptions.Default
            .WithFilePath(Path.GetFullPath(path))
            .WithReferences(sluice.Append(typeof(System.Text.Json.JsonSerializer).Assembly).Append(typeof(Enumerable).Assembly))
            .WithImports(Imports)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(false);
    }

    private static string Format(Diagnostic d)
    {
        var span = d.Location.GetMappedLineSpan();
        return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage()}";
    }
}
