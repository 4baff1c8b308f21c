using Sluice.Pipelines.Metrics;
using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Blueprint;

/// <summary>One operator of a pipeline blueprint. Nodes are immutable once the pipeline is built.</summary>
public abstract class Node
{
    private protected Node(string name, OperatorRole role, IReadOnlyList<Node> inputs)
    {
        Name = name;
        Role = role;
        Inputs = inputs;
    }

    /// <summary>The operator's name, unique in its pipeline (used in metrics, faults and rejects).</summary>
    public string Name { get; }

    /// <summary>What the operator does: source, filter, transform, inference, stateful, merge or sink.</summary>
    public OperatorRole Role { get; }

    /// <summary>Upstream nodes (none for a source, several for a merge).</summary>
    public IReadOnlyList<Node> Inputs { get; }

    /// <summary>Downstream nodes; more than one means fan-out (each gets every batch).</summary>
    public IReadOnlyList<Node> Consumers => ConsumerList;

    internal List<Node> ConsumerList { get; } = [];

    /// <summary>The record type this node emits (null for sinks).</summary>
    public abstract Type? OutputType { get; }

    /// <summary>
    /// True when the node holds per-unit state across batches (an accumulator, a merge of branches): then a unit
    /// cannot resume part-way and restarts from its beginning.
    /// </summary>
    internal virtual bool RestartsUnits => false;

    /// <summary>Creates this node's blocks in a run and links them to its inputs' ports.</summary>
    internal abstract void Build(RunGraph graph);

    /// <summary>Short description for <c>sluice plan</c>.</summary>
    public virtual string Describe() => $"{Role.ToName()} {Name}";
}
