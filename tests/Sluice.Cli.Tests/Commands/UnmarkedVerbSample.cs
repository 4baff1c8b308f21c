using Sluice.Pipelines.Blueprint;

namespace Sluice.Cli.Tests.Commands;

/// <summary>A verb without <c>[Verb]</c>, which the catalogue's coverage check must report.</summary>
public static class UnmarkedVerbSample
{
    public static Flow<T> Untagged<T>(this Flow<T> flow) => flow;

    [Verb(OperatorRole.Filter, Rule = "keeps everything")]
    public static Flow<T> Tagged<T>(this Flow<T> flow) => flow;
}
