namespace Sluice.Pipelines.Runtime;

/// <summary>Finds the error a run reports among the wrappers Dataflow adds on the way.</summary>
internal static class RootCause
{
    /// <summary>
    /// The first error in <paramref name="error"/> that is not a cancellation, looking through every level of
    /// <see cref="AggregateException"/>. A block faulted both by its own delegate and by an upstream block's fault
    /// carries both, and fault propagation nests one aggregate per link, so how deep the cause sits depends on
    /// which block's completion is seen first; flattening makes the reported error the same whatever the timing.
    /// A cancellation is returned only when nothing else is there.
    /// </summary>
    public static Exception Of(Exception error)
    {
        if (error is not AggregateException) return error;
        var leaves = Leaves(error).ToList();
        return leaves.FirstOrDefault(e => e is not OperationCanceledException) ?? leaves.FirstOrDefault() ?? error;
    }

    // Depth first, in order: AggregateException.Flatten would list an aggregate's direct errors before nested ones.
    private static IEnumerable<Exception> Leaves(Exception error) =>
        error is AggregateException aggregate ? aggregate.InnerExceptions.SelectMany(Leaves) : [error];
}
