using Sluice.Operators.Dedup;
using Xunit.Abstractions;

namespace Sluice.Operators.Tests.Dedup;

/// <summary>
/// The banding proof: on planted near-duplicates of real text, the fraction of pairs sharing at least one band key
/// follows P(s) = 1 − (1 − s^r)^b at each pair's true Jaccard s. A kernel whose values were not min-wise
/// independent (a wrong modulus, a shared parameter, a shingle hash that ignored words) would bend the curve.
/// </summary>
public sealed class LshSCurveTests(ITestOutputHelper output)
{
    private const int PairsPerBand = 250;

    [Fact]
    public void CandidateRate_PlantedPairsByJaccardBand_MatchesTheoreticalSCurve()
    {
        var signer = new MinHashSigner(new MinHashOptions());
        var o = signer.Options;
        var bands = NearDuplicatePlanter.PlantByBand(seed: 20260601, PairsPerBand, o.ShingleWords);

        var failures = new List<string>();
        for (var band = 0; band < bands.Length; band++)
        {
            var pairs = bands[band];
            var candidates = pairs.Count(p => ShareABandKey(signer.Sign(p.Original)!, signer.Sign(p.Variant)!, o));
            var measured = (double)candidates / pairs.Count;
            var expected = pairs.Average(p => 1 - Math.Pow(1 - Math.Pow(p.Jaccard, o.RowsPerBand), o.Bands));
            var tolerance = 4 * Math.Sqrt(expected * (1 - expected) / pairs.Count) + 0.02;
            var line = $"s in [{0.5 + band / 10.0:F1}, {0.6 + band / 10.0:F1}): n={pairs.Count} mean s={pairs.Average(p => p.Jaccard):F3} " +
                $"candidate rate {measured:F3}, S-curve {expected:F3}, tolerance {tolerance:F3}";
            output.WriteLine(line);
            Assert.True(pairs.Count >= 200, line);
            if (Math.Abs(measured - expected) > tolerance) failures.Add(line);
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void EstimateJaccard_PlantedPairs_CloseToTrueJaccard()
    {
        var signer = new MinHashSigner(new MinHashOptions());
        var k = signer.Options.HashCount;
        var pairs = NearDuplicatePlanter.PlantByBand(seed: 7, perBand: 60, signer.Options.ShingleWords).SelectMany(b => b).ToList();

        var errors = pairs.Select(p => MinHashSigner.EstimateJaccard(signer.Sign(p.Original), signer.Sign(p.Variant)) - p.Jaccard).ToList();
        var within = pairs.Zip(errors).Count(t => Math.Abs(t.Second) <= 3 * Math.Sqrt(t.First.Jaccard * (1 - t.First.Jaccard) / k) + 0.01);

        output.WriteLine($"{pairs.Count} pairs: mean error {errors.Average():F4}, mean |error| {errors.Average(Math.Abs):F4}, within 3 SE {within}");
        // The estimate is unbiased: the mean error over 300 pairs has a standard error near 0.003.
        Assert.InRange(errors.Average(), -0.015, 0.015);
        Assert.True(within >= 0.97 * pairs.Count, $"only {within} of {pairs.Count} estimates within 3 standard errors");
    }

    private static bool ShareABandKey(ulong[] a, ulong[] b, MinHashOptions o)
    {
        for (var band = 0; band < o.Bands; band++)
            if (MinHashSigner.BandKey(a, band, o.RowsPerBand) == MinHashSigner.BandKey(b, band, o.RowsPerBand)) return true;
        return false;
    }
}
