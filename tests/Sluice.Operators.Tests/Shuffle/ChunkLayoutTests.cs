using Sluice.Operators.Shuffle;
using Sluice.Pipelines.Exchange;

namespace Sluice.Operators.Tests.Shuffle;

/// <summary>The dealing arithmetic at its edges.</summary>
public sealed class ChunkLayoutTests
{
    [Theory]
    [InlineData(0L, 1, 0, 1)]
    [InlineData(1_003L, 4, 10, 2)]
    [InlineData(1_003L, 4, 300, 3)]
    [InlineData(65_537L, 32, 1_000, 5)]
    public void SliceOf_EveryLine_InItsChunksSlices_HeadsFirst_SlicesInOrder(long total, int chunks, int heldOut, int units)
    {
        var layout = new ChunkLayout(total, chunks, heldOut, units);
        var seen = new long[layout.Slices];
        var last = new int[chunks];
        Array.Fill(last, -1);
        for (long g = 0; g < total; g++)
        {
            var chunk = (int)(g % chunks);
            var slice = layout.SliceOf(g);
            Assert.InRange(slice, chunk * layout.SlicesPerChunk, chunk * layout.SlicesPerChunk + units);
            Assert.True(slice >= last[chunk], "a chunk's lines must go to its slices in order");
            last[chunk] = slice;
            seen[slice]++;
        }
        for (var c = 0; c < chunks; c++)
        {
            Assert.Equal(layout.HeldOutIn(c), seen[layout.HeldOutSlice(c)]);
            Assert.Equal(layout.LinesIn(c) - layout.HeldOutIn(c), layout.ChunkSlices(c).Sum(s => seen[s]));
            Assert.InRange(layout.LinesIn(c), total / chunks, total / chunks + 1);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(65_536)]
    public void HashOfSlice_MapsOntoThatPartition(int slicesPerChunk)
    {
        var layout = new ChunkLayout(10, 1, 0, slicesPerChunk - 1 > 0 ? slicesPerChunk - 1 : 1);
        foreach (var s in new[] { 0, 1, layout.Slices / 2, layout.Slices - 1 })
            Assert.Equal(s, Partitioning.Of(layout.HashOfSlice(s), layout.Slices));
    }

    [Fact]
    public void SliceOf_LineOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkLayout(5, 2, 1, 1).SliceOf(5));
}
