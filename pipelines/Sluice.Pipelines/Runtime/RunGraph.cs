using System.Collections.Concurrent;
using System.Threading.Tasks.Dataflow;
using Sluice.Pipelines.Blueprint;
using Sluice.Pipelines.Metrics;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Runtime;

/// <summary>
/// The blocks of one run, built from a blueprint: each node's output port per consumer, the metrics, the
/// cancellation tokens and the first fault. Every block is tracked so the run ends only when all have ended.
/// </summary>
internal sealed class RunGraph
{
    /// <summary>Links carry completion and faults downstream.</summary>
    public static readonly DataflowLinkOptions Propagate = new() { PropagateCompletion = true };

    private readonly Dictionary<Node, Dictionary<Node, object>> _ports = [];
    private readonly List<Task> _completions = [];
    private readonly CancellationTokenSource _abort;
    private Exception? _firstFault;

    public RunGraph(Pipeline pipeline, IReadOnlyDictionary<int, IReadOnlyList<WorkUnit>> unitsBySource,
        UnitTracker tracker, RejectCollector rejects, CancellationToken stopReading)
    {
        Pipeline = pipeline;
        UnitsBySource = unitsBySource;
        Tracker = tracker;
        Rejects = rejects;
        StopReading = stopReading;
        _abort = new CancellationTokenSource();
        foreach (var node in pipeline.Nodes) Metrics[node] = new OperatorMetrics(node.Name, node.Role, pipeline.Name);
    }

    public Pipeline Pipeline { get; }
    public PipelineOptions Options => Pipeline.Options;
    public IReadOnlyDictionary<int, IReadOnlyList<WorkUnit>> UnitsBySource { get; }
    public UnitTracker Tracker { get; }
    public RejectCollector Rejects { get; }

    /// <summary>Set by the user's cancellation: sources stop reading; in-flight work drains.</summary>
    public CancellationToken StopReading { get; }

    /// <summary>Set by the first fault: every block drops what it holds and ends.</summary>
    public CancellationToken Abort => _abort.Token;

    public Dictionary<Node, OperatorMetrics> Metrics { get; } = [];

    public Exception? FirstFault => Volatile.Read(ref _firstFault);

    public OperatorMetrics MetricsOf(Node node) => Metrics[node];

    public ExecutionDataflowBlockOptions BlockOptions(int parallelism) => new()
    {
        BoundedCapacity = Options.LinkCapacity,
        MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Options.Parallelism,
        EnsureOrdered = true,
        CancellationToken = Abort,
        SingleProducerConstrained = false,
    };

    /// <summary>Registers a block or task whose end the run waits for; its fault aborts the run.</summary>
    public void Track(IDataflowBlock block, string name) => Track(block.Completion, name);

    public void Track(Task completion, string name)
    {
        _completions.Add(completion.ContinueWith(t =>
        {
            if (t.Exception is { } e) Fail(e);
        }, TaskScheduler.Default));
    }

    public void Fail(Exception e)
    {
        // Downstream blocks fault with the same exception through propagation; keep the root cause.
        e = RootCause.Of(e);
        if (e is OperationCanceledException && FirstFault is null && !Abort.IsCancellationRequested) return;
        if (Interlocked.CompareExchange(ref _firstFault, e, null) is null) _abort.Cancel();
    }

    /// <summary>Waits until every tracked block has ended, however it ended.</summary>
    public Task WhenAllEnded() => Task.WhenAll(_completions);

    /// <summary>Publishes a node's output: one port per consumer, with a fan-out block when there are several.</summary>
    public void SetOutput<T>(Node node, ISourceBlock<Batch<T>> output)
    {
        var ports = new Dictionary<Node, object>();
        if (node.Consumers.Count == 1) ports[node.Consumers[0]] = output;
        else if (node.Consumers.Count > 1)
        {
            var fan = FanOut.Create(output, node.Consumers.Count, this, node.Name);
            for (var i = 0; i < node.Consumers.Count; i++) ports[node.Consumers[i]] = fan[i];
        }
        _ports[node] = ports;
    }

    /// <summary>The port of <paramref name="producer"/> reserved for <paramref name="consumer"/>.</summary>
    public object TakePort(Node producer, Node consumer) => _ports[producer][consumer];
}
