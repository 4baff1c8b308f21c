namespace Sluice.Operators.Clustering;

/// <summary>How <see cref="CosineKMeans"/> picks its initial centroids.</summary>
public enum CosineKMeansInit
{
    /// <summary>k-means++ (distance 1 − cos) over a seeded sample: fewer clusters split or merged by a bad start.</summary>
    PlusPlus,

    /// <summary>k distinct points of a seeded shuffle, as FAISS does.</summary>
    Random,
}
