namespace Sluice.Pipelines.Tests.Runtime;

/// <summary>Runs <see cref="OperatorConformance"/> against every operator kind and sink.</summary>
public sealed class OperatorConformanceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in OperatorCase.All) data.Add(c.Label);
        return data;
    }

    private static OperatorCase Case(string label) => OperatorCase.All.Single(c => c.Label == label);

    [Theory, MemberData(nameof(Cases))]
    public Task Run_EmptyInput_CompletesWithEmptyManifest(string label) => OperatorConformance.EmptyInputAsync(Case(label));

    [Theory, MemberData(nameof(Cases))]
    public Task Run_Records_CompletesWithExpectedOutput(string label) => OperatorConformance.CompletionAsync(Case(label));

    [Theory, MemberData(nameof(Cases))]
    public Task Run_ThrowingOperator_FailsNamingOperatorUnitAndRecord(string label) => OperatorConformance.FaultAsync(Case(label));

    [Theory, MemberData(nameof(Cases))]
    public Task Run_StopDuringSecondUnit_CancelledWithOnlyFirstUnitCommitted(string label) => OperatorConformance.CancellationAsync(Case(label));

    [Theory, MemberData(nameof(Cases))]
    public Task Run_BadLineAndFilteredRecords_RejectsCarryReasons(string label) => OperatorConformance.RejectsAsync(Case(label));

    [Theory, MemberData(nameof(Cases))]
    public Task Run_ParallelSmallBatches_KeepsInputOrder(string label) => OperatorConformance.OrderAsync(Case(label));
}
