using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sluice.Pipelines.Planning;

namespace Sluice.Pipelines.Tests.Planning;

public sealed class UnitAssignerTests
{
    private static WorkUnit Unit(int i, long size) => new($"u{i:D6}", 0, $"file:///in/{i}.jsonl", 0, size, size, UnitKind.WholeFile, "f");

    [Property(MaxTest = 200)]
    public Property Assign_AnySizes_EveryUnitOnceInPlanOrderAndBalanced(PositiveInt[] sizes, PositiveInt ranks)
    {
        var worldSize = ranks.Get % 8 + 1;
        var units = sizes.Select((s, i) => Unit(i, s.Get % 10_000 + 1)).ToArray();

        var byRank = UnitAssigner.Assign(units, worldSize);

        var all = byRank.SelectMany(r => r).Select(u => u.Id).Order(StringComparer.Ordinal).ToArray();
        var loads = byRank.Select(r => r.Sum(u => u.SizeBytes)).ToArray();
        var largest = units.Length == 0 ? 0 : units.Max(u => u.SizeBytes);
        var inPlanOrder = byRank.All(r => r.Select(u => u.Id).SequenceEqual(r.Select(u => u.Id).Order(StringComparer.Ordinal)));
        return (byRank.Length == worldSize).Label("one list per rank")
            .And(all.SequenceEqual(units.Select(u => u.Id))).Label("every unit exactly once")
            .And(inPlanOrder).Label("each rank's units in plan order")
            // Greedy least-loaded assignment never leaves ranks further apart than the largest unit.
            .And(loads.Max() - loads.Min() <= largest).Label($"loads {string.Join(",", loads)} within {largest}");
    }

    [Fact]
    public void Assign_SameUnitsTwice_SameAssignment()
    {
        var units = Enumerable.Range(0, 40).Select(i => Unit(i, (i * 7919) % 1000 + 1)).ToArray();

        var first = UnitAssigner.Assign(units, 3);
        var second = UnitAssigner.Assign(units.ToArray(), 3);

        Assert.Equal(first.Select(r => r.Select(u => u.Id)), second.Select(r => r.Select(u => u.Id)));
    }

    [Fact]
    public void Assign_OneHugeManySmall_HugeUnitAloneOnItsRank()
    {
        var units = new[] { Unit(0, 1000) }.Concat(Enumerable.Range(1, 10).Select(i => Unit(i, 100))).ToArray();

        var byRank = UnitAssigner.Assign(units, 2);

        var huge = byRank.Single(r => r.Any(u => u.Id == "u000000"));
        Assert.Single(huge);
        Assert.Equal(10, byRank.Single(r => r != huge).Count);
    }

    [Fact]
    public void Assign_ZeroRanks_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UnitAssigner.Assign([Unit(0, 1)], 0));
}
