namespace Sluice.Pipelines.Blueprint;

/// <summary>The verb over a flow of <see cref="MapResult{T}"/>: values on, reasons to rejects.</summary>
public static class MapResultVerbs
{
    /// <summary>
    /// Passes each result's value on and rejects each reject with its reason, keeping <see cref="MapResult{T}.Rejected"/>
    /// as the record (the result itself when it names none). For operators that produce results themselves, such as a
    /// stateful accumulator; a per-record or per-batch mapping is one operator with <see cref="Flow{T}.MapOrReject{TOut}"/>
    /// or <see cref="Flow{T}.MapBatchOrReject{TOut}"/>.
    /// </summary>
    /// <param name="flow">The results.</param>
    /// <param name="name">Operator name (what its rejects name); default <c>map-N</c>.</param>
    /// <param name="parallelism">Batches processed at once; 0 means the pipeline default.</param>
    [Verb(OperatorRole.Transform)]
    public static Flow<T> Unwrap<T>(this Flow<MapResult<T>> flow, string? name = null, int parallelism = 0) =>
        flow.MapOrReject(r => r, name, parallelism);
}
