using Sluice.Pipelines.Blueprint;

namespace Sluice.Operators.Language.Tests;

/// <summary><c>ReadEnumerable</c>: a pipeline that starts from in-memory records (<see cref="MemorySource{T}"/>).</summary>
internal static class MemorySourceVerbs
{
    public static Flow<T> ReadEnumerable<T>(this PipelineBuilder p, IEnumerable<T> records) => p.Read(new MemorySource<T>([.. records]), "memory");
}
