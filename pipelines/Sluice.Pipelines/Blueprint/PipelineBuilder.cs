using Sluice.Pipelines.Contracts;

namespace Sluice.Pipelines.Blueprint;

/// <summary>
/// Declares a pipeline: add sources with <c>Read…</c>, chain operators on the returned <see cref="Flow{T}"/>s,
/// end every flow in a sink with <c>Write…</c>, then <see cref="Build"/>.
/// </summary>
public sealed class PipelineBuilder
{
    private readonly List<Node> _nodes = [];
    private readonly PipelineOptions _options;
    private bool _built;

    internal PipelineBuilder(string name, PipelineOptions options)
    {
        options.Validate();
        Name = name;
        _options = options;
    }

    /// <summary>The pipeline's name.</summary>
    public string Name { get; }

    /// <summary>Adds a source; returns its flow of records.</summary>
    [Verb(OperatorRole.Source)]
    public Flow<T> Read<T>(IRecordSource<T> source, string? name = null) =>
        new(this, Add(new SourceNode<T>(NameFor(name, "read"), source)));

    /// <summary>
    /// Validates the graph and freezes it: names unique, every flow ends in a sink, at least one source.
    /// </summary>
    /// <exception cref="InvalidOperationException">The graph is incomplete; the message says which flow.</exception>
    public Pipeline Build()
    {
        if (!_nodes.Any(n => n.Role == OperatorRole.Source)) throw new InvalidOperationException($"pipeline '{Name}' has no source: add one with Read…");
        var dangling = _nodes.FirstOrDefault(n => n.Role != OperatorRole.Sink && n.Consumers.Count == 0);
        if (dangling is not null)
            throw new InvalidOperationException($"pipeline '{Name}': the output of '{dangling.Name}' is not written anywhere; end the flow with Write…");
        var duplicate = _nodes.GroupBy(n => n.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"pipeline '{Name}': two operators are named '{duplicate.Key}'");
        // Fuse chains of per-record operators: each joins its input's group when it is that input's only consumer.
        foreach (var op in _nodes.OfType<RecordOpNode>())
            op.FusedHead = op.Inputs[0] is RecordOpNode { Consumers.Count: 1 } prev ? prev.FusedHead : op;
        _built = true;
        return new Pipeline(Name, _nodes.ToArray(), _options);
    }

    internal T Add<T>(T node) where T : Node
    {
        if (_built) throw new InvalidOperationException($"pipeline '{Name}' is already built; declare a new one to change it");
        foreach (var input in node.Inputs) input.ConsumerList.Add(node);
        _nodes.Add(node);
        return node;
    }

    internal string NameFor(string? given, string kind) => given ?? $"{kind}-{_nodes.Count(n => n.Name.StartsWith(kind + "-", StringComparison.Ordinal)) + 1}";
}
