using Sluice.Cli.Commands;
using Sluice.Testing.Conformance;

namespace Sluice.Cli.Tests.Conformance;

/// <summary>The conformance suite over every public verb a script can call (<c>sluice ops</c>).</summary>
public sealed class VerbConformanceTests
{
    public static TheoryData<string> Verbs() => new(VerbTable.Cases.Select(c => c.Verb));

    private static VerbCase Case(string verb) => VerbTable.Cases.Single(c => c.Verb == verb);

    [Fact]
    public void EveryPublicVerb_HasACaseOrAnExclusion()
    {
        var problems = VerbConformance.Uncovered(OpsCommand.Verbs(), VerbTable.Cases, VerbTable.Exclusions);
        Assert.True(problems.Count == 0, "add each verb to VerbTable (a case, or an exclusion with the model or endpoint it needs):\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Uncovered_NewVerbWithoutEntry_IsNamed()
    {
        var catalogue = OpsCommand.Verbs();
        var withoutMap = VerbTable.Cases.Where(c => !c.Verb.StartsWith("Map(", StringComparison.Ordinal));

        var problems = VerbConformance.Uncovered(catalogue, withoutMap, VerbTable.Exclusions);

        Assert.Equal(["Map(name, parallelism): no conformance case and no exclusion"], problems);
    }

    [Fact]
    public void Exclusions_EachSayWhatTheVerbNeeds() =>
        Assert.All(VerbTable.Exclusions, e => Assert.Matches("needs (a|an|the) ", e.Reason));

    [Theory]
    [MemberData(nameof(Verbs))]
    public Task EmptyInput_CompletesWithNoOutput(string verb) => VerbConformance.EmptyInputAsync(Case(verb));

    [Theory]
    [MemberData(nameof(Verbs))]
    public Task SampleInput_RejectsCarryReasons(string verb) => VerbConformance.RejectsCarryReasonsAsync(Case(verb));

    [Theory]
    [MemberData(nameof(Verbs))]
    public Task Poison_FaultNamesTheOperator(string verb) => VerbConformance.FaultNamesOperatorAsync(Case(verb));

    [Theory]
    [MemberData(nameof(Verbs))]
    public Task Stop_EndsTheRunCancelled(string verb) => VerbConformance.CancellationEndsRunAsync(Case(verb));

    [Theory]
    [MemberData(nameof(Verbs))]
    public Task StopThenResume_GivesTheCleanRunsRecords(string verb) => VerbConformance.ResumeGivesTheCleanOutputAsync(Case(verb));
}
