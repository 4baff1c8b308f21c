namespace Sluice.Operators.Torch.Tests;

public sealed class MiniLmWeightsTests
{
    [Fact]
    public void FromOnnx_PackagedModel_NamesAllLayerLinearsWithTorchShapes()
    {
        var weights = TorchMiniLmEmbedder.LoadPackagedWeights();

        int found = 0;
        for (int layer = 0; layer < MiniLmWeights.Layers; layer++)
        {
            foreach (var (linear, outSize, inSize) in MiniLmWeights.LayerLinears)
            {
                var w = weights[MiniLmWeights.LinearName(layer, linear)];
                Assert.Equal(new long[] { outSize, inSize }, w.Shape);
                Assert.Equal(outSize * inSize, w.Values.Length);
                found++;
            }
        }
        Assert.Equal(36, found);
        // No two linear weights of a layer may be the same tensor (a mis-followed graph would repeat one).
        var distinct = weights.Tensors.Values.Where(t => t.Name.Contains(".dense.weight") || t.Name.Contains(".self."))
            .Select(t => t.Values).Distinct().Count();
        Assert.Equal(weights.Tensors.Values.Count(t => t.Name.Contains(".dense.weight") || t.Name.Contains(".self.")), distinct);
    }

    [Fact]
    public void FromOnnx_Truncated_ThrowsInvalidData()
    {
        Assert.ThrowsAny<InvalidDataException>(() => MiniLmWeights.FromOnnx([0x3A, 0x10, 0x01]));
    }
}
