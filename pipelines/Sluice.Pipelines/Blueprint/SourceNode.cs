using Sluice.Pipelines.Contracts;
using Sluice.Pipelines.Runtime;

namespace Sluice.Pipelines.Blueprint;

/// <summary>Reads records from a source.</summary>
internal sealed class SourceNode<T>(string name, IRecordSource<T> source) : Node(name, OperatorRole.Source, []), IPlannable
{
    public IRecordSource<T> Source { get; } = source;

    public string? InputUri => (Source as Sources.PlannedSource<T>)?.Uri;

    public override Type? OutputType => typeof(T);

    internal override void Build(RunGraph graph) => graph.SetOutput(this, SourceDriver<T>.Start(this, graph));

    public Task<IReadOnlyList<Planning.WorkUnit>> PlanAsync(int sourceIndex, CancellationToken ct) => Source.PlanAsync(sourceIndex, ct);

    public override string Describe() => $"source {Name}: {Source.Describe()} -> {typeof(T).Name}";
}
