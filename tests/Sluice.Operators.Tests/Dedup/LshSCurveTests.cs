using Sluice.Operators.Dedup;
using Xunit.Abstractions;

namespace Sluice.Operators.Tests.Dedup;

/// <summary>
/// The banding proof: on planted near-duplicates of real text, the fraction of pairs sharing at least one band key
/// follows P(s) = 1 − (1 − s^r)^b at each pair's true Jaccard s. A kernel whose values were not min-wise
/// independent (a wrong modulus, a shared parameter, a shingle hash that ignored words) would bend the curve. With
/// 1,000 pairs a band the tolerance is tight enough to reject the neighbouring recipe's curve (7 rows), which the
/// test also asserts, so it has the power to fail.
/// </summary>
public sealed class LshSCurveTests(ITestOutputHelper output)
{
    private const int PairsPerBand = 1000;

    [Fact]
    public void CandidateRate_PlantedPairsByJaccardBand_MatchesTheoreticalSCurve()
    {
        var signer = new MinHashSigner(new MinHashOptions());
        var o = signer.Options;
        var bands = NearDuplicatePlanter.PlantByBand(seed: 20260601, PairsPerBand, o.ShingleWords);

        var failures = new List<string>();
        var wrongCurveRejected = false;
        for (var band = 0; band < bands.Length; band++)
        {
            var pairs = bands[band];
            var candidates = pairs.Count(p => ShareABandKey(signer.Sign(p.Original)!, signer.Sign(p.Variant)!, o));
            var measured = (double)candidates / pairs.Count;
            var expected = pairs.Average(p => SCurve(p.Jaccard, o.RowsPerBand, o.Bands));
            var tolerance = Tolerance(expected, pairs.Count);
            var line = $"s in [{0.5 + band / 10.0:F1}, {0.6 + band / 10.0:F1}): n={pairs.Count} mean s={pairs.Average(p => p.Jaccard):F3} " +
                $"candidate rate {measured:F3}, S-curve {expected:F3}, tolerance {tolerance:F3}";
            output.WriteLine(line);
            Assert.True(pairs.Count >= 200, line);
            if (Math.Abs(measured - expected) > tolerance) failures.Add(line);

            // The check has power: the curve of a neighbouring recipe (7 rows instead of 8) must be told apart.
            var wrong = pairs.Average(p => SCurve(p.Jaccard, o.RowsPerBand - 1, o.Bands));
            wrongCurveRejected |= Math.Abs(measured - wrong) > Tolerance(wrong, pairs.Count);
        }
        Assert.Empty(failures);
        Assert.True(wrongCurveRejected, "the tolerance is too loose to tell r = 8 from r = 7");
    }

    private static double SCurve(double s, int rows, int bands) => 1 - Math.Pow(1 - Math.Pow(s, rows), bands);

    // Four binomial standard errors of the expected rate, plus 0.02 for what the S-curve's independence
    // assumption and the finite hash family leave over.
    private static double Tolerance(double p, int n) => 4 * Math.Sqrt(p * (1 - p) / n) + 0.02;

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
