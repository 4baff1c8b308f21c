using System.Text.RegularExpressions;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// An immutable, validated pipeline blueprint: a named graph of operators. Running it is the runner's job;
/// building one does no I/O.
/// </summary>
public sealed partial class Pipeline
{
    private readonly Dictionary<Node, Dictionary<int, int>> _reach = [];

    internal Pipeline(string name, IReadOnlyList<Node> nodes, PipelineOptions options)
    {
        Name = name;
        Nodes = nodes;
        Options = options;
        Sources = nodes.Where(n => n.Role == OperatorRole.Source).ToArray();
        Sinks = nodes.Where(n => n.Role == OperatorRole.Sink).ToArray();
        foreach (var node in nodes) ComputeReach(node);
    }

    /// <summary>Starts a blueprint. <paramref name="name"/> is kebab-case (<c>pes2o-datastore</c>): it appears in paths and metrics.</summary>
    /// <exception cref="ArgumentException">The name is not kebab-case.</exception>
    public static PipelineBuilder Create(string name, PipelineOptions? options = null)
    {
        if (!KebabCase().IsMatch(name))
            throw new ArgumentException($"pipeline name '{name}' must be kebab-case: lower-case letters, digits and single dashes");
        return new PipelineBuilder(name, options ?? new PipelineOptions());
    }

    /// <summary>The pipeline's kebab-case name.</summary>
    public string Name { get; }

    /// <summary>Every operator, in the order they were declared (a topological order).</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>The source operators, in declaration order (their index is the unit's source index).</summary>
    public IReadOnlyList<Node> Sources { get; }

    /// <summary>The sink operators, in declaration order.</summary>
    public IReadOnlyList<Node> Sinks { get; }

    /// <summary>Run options.</summary>
    public PipelineOptions Options { get; }

    /// <summary>A copy with other options (the CLI applies <c>--strict</c> this way).</summary>
    public Pipeline With(PipelineOptions options)
    {
        options.Validate();
        return new Pipeline(Name, Nodes, options);
    }

    internal int SourceIndexOf(Node source) => IndexOf(Sources, source);

    /// <summary>For each source index that reaches <paramref name="node"/>, through how many of its inputs.</summary>
    internal IReadOnlyDictionary<int, int> SourcesReaching(Node node) => _reach[node];

    /// <summary>For each source index, the number of sinks its units reach.</summary>
    internal IReadOnlyDictionary<int, int> SinksPerSource() =>
        Enumerable.Range(0, Sources.Count).ToDictionary(s => s, s => Sinks.Count(k => _reach[k].ContainsKey(s)));

    private static int IndexOf(IReadOnlyList<Node> list, Node node)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == node) return i;
        throw new ArgumentException($"{node.Name} is not part of this pipeline");
    }

    private void ComputeReach(Node node)
    {
        var reach = new Dictionary<int, int>();
        if (node.Role == OperatorRole.Source) reach[SourceIndexOf(node)] = 1;
        foreach (var input in node.Inputs)
            foreach (var source in _reach[input].Keys)
                reach[source] = reach.GetValueOrDefault(source) + 1;
        _reach[node] = reach;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
