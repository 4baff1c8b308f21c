using Sluice.Operators.Training.Megatron;

namespace Sluice.Operators.Tests.Training;

/// <summary>The MMIDIDX bytes, written out by hand from the format description, against the builder.</summary>
public sealed class MegatronDatasetBuilderTests
{
    private static async Task<(byte[] Bin, byte[] Idx)> BuildAsync(int vocabulary, params int[][][] documents)
    {
        using var bin = new MemoryStream();
        using var idx = new MemoryStream();
        var builder = new MegatronDatasetBuilder(bin, vocabulary);
        foreach (var document in documents)
        {
            foreach (var item in document) await builder.AddItemAsync(item);
            builder.EndDocument();
        }
        await builder.WriteIndexAsync(idx);
        return (bin.ToArray(), idx.ToArray());
    }

    [Fact]
    public async Task TwoDocumentsThreeItems_UInt16_BytesAsTheLayoutSays()
    {
        var (bin, idx) = await BuildAsync(65499, [[1, 2], [258]], [[65000]]);
        Assert.Equal(new byte[] { 1, 0, 2, 0, 2, 1, 0xE8, 0xFD }, bin);
        byte[] expected =
        [
            (byte)'M', (byte)'M', (byte)'I', (byte)'D', (byte)'I', (byte)'D', (byte)'X', 0, 0,
            1, 0, 0, 0, 0, 0, 0, 0, // version 1
            8, // uint16
            3, 0, 0, 0, 0, 0, 0, 0, // items
            3, 0, 0, 0, 0, 0, 0, 0, // document indices: documents + 1
            2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, // sizes
            0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, // byte pointers
            0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, // document indices
        ];
        Assert.Equal(expected, idx);
    }

    [Fact]
    public async Task Int32_PointersStepByFourBytes()
    {
        var (bin, idx) = await BuildAsync(100277, [[100000, 1]], [[2]]);
        Assert.Equal(12, bin.Length);
        Assert.Equal(4, idx[17]);
        Assert.Equal(8L, BitConverter.ToInt64(idx, 34 + 2 * 4 + 8));
    }

    [Theory]
    [InlineData(50257, MegatronTokenType.UInt16)]
    [InlineData(65499, MegatronTokenType.UInt16)]
    [InlineData(65500, MegatronTokenType.Int32)]
    [InlineData(100277, MegatronTokenType.Int32)]
    public void TokenTypeFor_MegatronCutOff(int vocabulary, MegatronTokenType expected) =>
        Assert.Equal(expected, MegatronDatasetBuilder.TokenTypeFor(vocabulary));

    [Fact]
    public async Task IdOutsideVocabulary_Throws()
    {
        var builder = new MegatronDatasetBuilder(new MemoryStream(), 50257);
        await Assert.ThrowsAsync<InvalidDataException>(async () => await builder.AddItemAsync(new[] { 50257 }));
        await Assert.ThrowsAsync<InvalidDataException>(async () => await builder.AddItemAsync(new[] { -1 }));
    }

    [Fact]
    public async Task EmptyDocumentOrUnendedDocument_Throws()
    {
        var builder = new MegatronDatasetBuilder(new MemoryStream(), 100277);
        Assert.Throws<InvalidOperationException>(builder.EndDocument);
        await builder.AddItemAsync(new[] { 1 });
        await Assert.ThrowsAsync<InvalidOperationException>(() => builder.WriteIndexAsync(new MemoryStream()));
    }
}
